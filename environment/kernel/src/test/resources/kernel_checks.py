"""Checks the metagrad4j kernel through Jupyter's own client library.

Usage: python3 kernel_checks.py KERNEL_NAME TOOLKIT_TARGET_DIR WORK_DIR

Starts the kernel named KERNEL_NAME (found through JUPYTER_PATH), runs each check and prints one
JSON object per check: {"check": name, "ok": bool, "detail": text}. KernelIT asserts on them.
"""
import json
import os
import sys
import time
import traceback

import jupyter_client
from jupyter_client.session import Session

kernel_name, toolkit_target, work_dir = sys.argv[1], sys.argv[2], sys.argv[3]
os.chdir(work_dir)
manager, client = jupyter_client.manager.start_new_kernel(kernel_name=kernel_name, startup_timeout=120)


def report(name, ok, detail=""):
    print(json.dumps({"check": name, "ok": bool(ok), "detail": str(detail)[:2000]}), flush=True)


def run(code, timeout=300):
    outputs = []
    reply = client.execute_interactive(code, timeout=timeout, output_hook=outputs.append)
    return reply["content"], outputs


def outputs_of(outputs, msg_type):
    return [message["content"] for message in outputs if message["msg_type"] == msg_type]


def check(name):
    def decorate(function):
        try:
            ok, detail = function()
        except Exception:
            ok, detail = False, traceback.format_exc()
        report(name, ok, detail)
        return function
    return decorate


@check("state persists across cells")
def state_persists():
    run("int x = 41;")
    reply, outputs = run("x + 1")
    results = outputs_of(outputs, "execute_result")
    return reply["status"] == "ok" and results and results[0]["data"]["text/plain"] == "42", (reply, results)


@check("compile error names the cell line")
def compile_error():
    reply, outputs = run("int a = 1;\nint b = undefinedName + 1;")
    errors = outputs_of(outputs, "error")
    text = "\n".join(errors[0]["traceback"]) if errors else ""
    ok = (reply["status"] == "error" and errors and errors[0]["ename"] == "CompilationException"
          and "line 2" in text and "undefinedName" in text)
    return ok, errors


@check("runtime error hides kernel frames")
def runtime_error():
    reply, outputs = run("void fail() {\n  throw new IllegalStateException(\"boom\");\n}")
    reply, outputs = run("fail();")
    errors = outputs_of(outputs, "error")
    text = "\n".join(errors[0]["traceback"]) if errors else ""
    ok = (reply["status"] == "error" and "IllegalStateException: boom" in errors[0]["evalue"]
          and "org.metagrad4j.kernel" not in text and "jdk.internal" not in text and "line 2" in text)
    return ok, errors


@check("kernel recovers after errors")
def recovers():
    reply, outputs = run("x")
    results = outputs_of(outputs, "execute_result")
    return reply["status"] == "ok" and results[0]["data"]["text/plain"] == "41", results


@check("jars glob without match is an error")
def jars_no_match():
    reply, outputs = run("%jars /nonexistent-metagrad4j-dir/*.jar")
    errors = outputs_of(outputs, "error")
    return reply["status"] == "error" and "no jar file matches" in errors[0]["evalue"], errors


@check("jars loads the toolkit and tables render as HTML")
def jars_toolkit():
    reply, outputs = run("%%jars %s/*.jar %s/lib/*.jar" % (toolkit_target, toolkit_target))
    if reply["status"] != "ok":
        return False, outputs
    reply, outputs = run('tech.tablesaw.api.Table.create("t", tech.tablesaw.api.IntColumn.create("a", new int[] {1, 2}))')
    results = outputs_of(outputs, "execute_result")
    ok = reply["status"] == "ok" and results and "<table" in results[0]["data"].get("text/html", "")
    return ok, results


@check("ND4J runs in a cell")
def nd4j():
    reply, outputs = run("org.nd4j.linalg.factory.Nd4j.ones(org.nd4j.linalg.api.buffer.DataType.DOUBLE, 2, 2).sumNumber().doubleValue()")
    results = outputs_of(outputs, "execute_result")
    return reply["status"] == "ok" and results[0]["data"]["text/plain"] == "4.0", (reply, outputs)


@check("display and updateDisplay share an id")
def display_update():
    reply, outputs = run('String id = display("first");\nupdateDisplay(id, "second");')
    shown = outputs_of(outputs, "display_data")
    updated = outputs_of(outputs, "update_display_data")
    ok = (reply["status"] == "ok" and shown and updated
          and shown[0]["transient"]["display_id"] == updated[0]["transient"]["display_id"]
          and updated[0]["data"]["text/plain"] == "second")
    return ok, (shown, updated)


@check("interrupt stops a busy loop")
def interrupt_busy():
    client.execute("long spins = 0;\nwhile (true) { spins++; }")
    time.sleep(2)
    manager.interrupt_kernel()
    deadline = time.time() + 30
    reply = None
    while time.time() < deadline:
        message = client.get_shell_msg(timeout=30)
        if message["msg_type"] == "execute_reply":
            reply = message["content"]
            break
    ok = reply is not None and reply["status"] == "error"
    after, outputs = run("x")
    return ok and after["status"] == "ok", (reply, after)


@check("interrupt stops a sleep")
def interrupt_sleep():
    client.execute("Thread.sleep(600_000);")
    time.sleep(1)
    started = time.time()
    manager.interrupt_kernel()
    message = client.get_shell_msg(timeout=30)
    return message["content"]["status"] == "error" and time.time() - started < 10, message["content"]


@check("message with a wrong signature is rejected")
def wrong_signature():
    marker = os.path.join(work_dir, "executed-unsigned-request")
    forged = Session(key=b"not-the-connection-key", username="tester")
    forged.send(client.shell_channel.socket, "execute_request",
                {"code": 'new java.io.File("%s").createNewFile();' % marker, "silent": False,
                 "store_history": True, "user_expressions": {}, "allow_stdin": False, "stop_on_error": True})
    time.sleep(3)
    executed = os.path.exists(marker)
    reply, outputs = run("x")
    alive = reply["status"] == "ok"
    return not executed and alive, {"executed": executed, "kernel answers afterwards": alive}


@check("completion suggests names")
def completion():
    message_id = client.complete("Strin", 5)
    reply = client.get_shell_msg(timeout=30)
    return "String" in reply["content"]["matches"], reply["content"]["matches"][:10]


@check("incomplete code is detected")
def is_complete():
    client.is_complete("int f() {")
    reply = client.get_shell_msg(timeout=30)
    return reply["content"]["status"] == "incomplete", reply["content"]


client.stop_channels()
manager.shutdown_kernel(now=True)
