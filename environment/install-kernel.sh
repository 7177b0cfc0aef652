#!/usr/bin/env bash
# Installs the metagrad4j Java kernel as the Jupyter kernelspec "metagrad4j-java"
# (display name "Java (metagrad4j)").
#
# Usage: environment/install-kernel.sh [--user | --prefix DIR] [--name NAME]
#   --user        install for the current user (default)
#   --prefix DIR  install under DIR/share/jupyter/kernels (a virtual environment, or a test)
#   --name NAME   kernelspec name (default metagrad4j-java)
#
# The kernel runs on the java found in JAVA_HOME, else on PATH; it must be a full JDK 17+
# (the kernel compiles cells with JShell). The kernel jar is copied into the kernelspec, so a
# later `mvn clean` does not break installed kernels. It is built first if it is missing.
set -euo pipefail

repo_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
jupyter=${JUPYTER:-/usr/bin/jupyter}
name=metagrad4j-java
location=(--user)

while [[ $# -gt 0 ]]; do
  case "$1" in
    --user) location=(--user); shift ;;
    --prefix) location=(--prefix "$2"); shift 2 ;;
    --name) name=$2; shift 2 ;;
    -h|--help) sed -n '2,14p' "$0"; exit 0 ;;
    *) echo "install-kernel.sh: unknown option '$1' (see --help)" >&2; exit 2 ;;
  esac
done

if [[ ! -x "$jupyter" ]]; then
  echo "install-kernel.sh: $jupyter not found. Install Jupyter (Debian: apt-get install jupyter-client jupyter-notebook jupyter-nbconvert jupyter-nbformat) or set JUPYTER to its path." >&2
  exit 1
fi

if [[ -n "${JAVA_HOME:-}" && -x "$JAVA_HOME/bin/java" ]]; then
  java=$JAVA_HOME/bin/java
elif command -v java >/dev/null; then
  java=$(readlink -f "$(command -v java)")
else
  echo "install-kernel.sh: no java found. Install a JDK 17+ (Debian: apt-get install openjdk-17-jdk-headless) or set JAVA_HOME." >&2
  exit 1
fi
if ! "$java" --list-modules 2>/dev/null | grep -q '^jdk\.jshell@'; then
  echo "install-kernel.sh: $java has no jdk.jshell module (a JRE?). Install a full JDK 17+ (Debian: apt-get install openjdk-17-jdk-headless) and set JAVA_HOME to it." >&2
  exit 1
fi

find_jar() {
  find "$repo_root/environment/kernel/target" -maxdepth 1 -name 'metagrad4j-kernel-*.jar' ! -name 'original-*' 2>/dev/null | sort | tail -n 1
}
jar=$(find_jar)
if [[ -z "$jar" ]]; then
  echo "Building the kernel jar..."
  (cd "$repo_root" && mvn -B -q -DskipTests package -pl environment/kernel -am)
  jar=$(find_jar)
fi

staging=$(mktemp -d)
trap 'rm -rf "$staging"' EXIT
cp "$jar" "$staging/metagrad4j-kernel.jar"
# Only the two libnd4j thread settings are fixed here: a kernelspec "env" entry replaces the
# user's value, so METAGRAD4J_DATA, METAGRAD4J_BUDGET and IJAVA_CLASSPATH pass through untouched.
# interrupt_mode "message": a SIGINT would end the JVM instead of the running cell.
# maxPhysicalBytes=0 turns off JavaCPP's resident-memory check on every native allocation (a
# sinusoid meta-step took 17.0 ms with it, 12.3 ms without). maxBytes (the heap size) still bounds
# ND4J's off-heap buffers.
/usr/bin/python3 - "$java" "$staging/kernel.json" <<'PY'
import json, sys
java, path = sys.argv[1], sys.argv[2]
spec = {
    "argv": [java, "-Dorg.bytedeco.javacpp.maxPhysicalBytes=0", "-jar", "{resource_dir}/metagrad4j-kernel.jar",
             "{connection_file}"],
    "display_name": "Java (metagrad4j)",
    "language": "java",
    "interrupt_mode": "message",
    "env": {"SD_MASTER_THREADS": "1", "SD_MAX_THREADS": "1"},
    "metadata": {"debugger": False},
}
with open(path, "w") as out:
    json.dump(spec, out, indent=2)
PY
"$jupyter" kernelspec install --replace --name "$name" "${location[@]}" "$staging" >/dev/null
echo "Installed the Jupyter kernel '$name' (Java (metagrad4j)) using $java"
