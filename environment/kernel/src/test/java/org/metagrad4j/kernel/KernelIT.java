package org.metagrad4j.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tests the kernel through Jupyter: protocol checks with jupyter_client, and a notebook executed
 * with nbconvert whose HTML export is rendered in headless Chromium.
 *
 * <p>Without Jupyter or Chromium these tests are skipped, unless
 * {@code METAGRAD4J_REQUIRE_NOTEBOOK_TOOLS=1}, which makes them fail instead.
 */
class KernelIT {
    private static final String KERNEL_NAME = "metagrad4j-java-it";
    private static final Pattern CHECK_LINE = Pattern.compile("\\{\"check\": \"([^\"]+)\", \"ok\": (true|false), \"detail\": (.*)\\}");

    @TempDir
    static Path workDir;
    private static Path jupyterPrefix;
    private static Map<String, String> checkDetails;
    private static Map<String, Boolean> checkResults;
    private static Path executedNotebook;
    private static Path htmlExport;

    @BeforeAll
    static void installKernel() throws Exception {
        NotebookTools.require("/usr/bin/jupyter", "Jupyter (Debian: jupyter-nbconvert jupyter-client jupyter-notebook)");
        NotebookTools.require("/usr/bin/python3", "Python 3");
        jupyterPrefix = workDir.resolve("jupyter");
        ProcessResult install = run(List.of("bash", repoRoot().resolve("environment/install-kernel.sh").toString(),
                "--prefix", jupyterPrefix.toString(), "--name", KERNEL_NAME), repoRoot(), 300);
        assertEquals(0, install.exitCode, install.output);
    }

    private static Path repoRoot() {
        return Path.of(System.getProperty("toolkit.target", "../../toolkit/target")).toAbsolutePath().normalize()
                .getParent().getParent();
    }

    private static Path toolkitTarget() {
        return repoRoot().resolve("toolkit/target");
    }

    private static synchronized Map<String, Boolean> protocolChecks() throws Exception {
        if (checkResults == null) {
            Path script = workDir.resolve("kernel_checks.py");
            try (var in = KernelIT.class.getResourceAsStream("/kernel_checks.py")) {
                Files.copy(in, script);
            }
            Path checkDir = Files.createDirectories(workDir.resolve("checks"));
            ProcessResult result = run(List.of("/usr/bin/python3", script.toString(), KERNEL_NAME,
                    toolkitTarget().toString(), checkDir.toString()), checkDir, 600);
            checkResults = new LinkedHashMap<>();
            checkDetails = new LinkedHashMap<>();
            for (String line : result.output.split("\n")) {
                Matcher matcher = CHECK_LINE.matcher(line.strip());
                if (matcher.matches()) {
                    checkResults.put(matcher.group(1), Boolean.parseBoolean(matcher.group(2)));
                    checkDetails.put(matcher.group(1), matcher.group(3));
                }
            }
            assertFalse(checkResults.isEmpty(), "kernel_checks.py reported no checks:\n" + result.output);
        }
        return checkResults;
    }

    private static void assertCheck(String name) throws Exception {
        Boolean ok = protocolChecks().get(name);
        assertNotNull(ok, "check '" + name + "' did not run; reported: " + checkResults.keySet());
        assertTrue(ok, name + ": " + checkDetails.get(name));
    }

    @Test
    void statePersistsAcrossCells() throws Exception {
        assertCheck("state persists across cells");
    }

    @Test
    void compileErrorNamesCellLine() throws Exception {
        assertCheck("compile error names the cell line");
    }

    @Test
    void runtimeErrorHidesKernelFrames() throws Exception {
        assertCheck("runtime error hides kernel frames");
    }

    @Test
    void kernelRecoversAfterErrors() throws Exception {
        assertCheck("kernel recovers after errors");
    }

    @Test
    void jarsGlobWithoutMatchFails() throws Exception {
        assertCheck("jars glob without match is an error");
    }

    @Test
    void jarsLoadsToolkitAndRendersHtml() throws Exception {
        assertCheck("jars loads the toolkit and tables render as HTML");
    }

    @Test
    void nd4jRunsInCell() throws Exception {
        assertCheck("ND4J runs in a cell");
    }

    @Test
    void displayUpdatesInPlace() throws Exception {
        assertCheck("display and updateDisplay share an id");
    }

    @Test
    void interruptStopsBusyLoop() throws Exception {
        assertCheck("interrupt stops a busy loop");
    }

    @Test
    void interruptStopsSleep() throws Exception {
        assertCheck("interrupt stops a sleep");
    }

    @Test
    void wrongSignatureIsRejected() throws Exception {
        assertCheck("message with a wrong signature is rejected");
    }

    @Test
    void completionSuggestsNames() throws Exception {
        assertCheck("completion suggests names");
    }

    @Test
    void incompleteCodeIsDetected() throws Exception {
        assertCheck("incomplete code is detected");
    }

    /** Executes the test notebook as run-notebooks.sh does, from a notebooks/ folder next to toolkit/. */
    private static synchronized Path executedNotebook() throws Exception {
        if (executedNotebook == null) {
            Path project = Files.createDirectories(workDir.resolve("project"));
            Files.createSymbolicLink(project.resolve("toolkit"), repoRoot().resolve("toolkit"));
            Path notebooks = Files.createDirectories(project.resolve("notebooks"));
            try (var in = KernelIT.class.getResourceAsStream("/notebooks/display-check.ipynb")) {
                Files.copy(in, notebooks.resolve("display-check.ipynb"));
            }
            ProcessResult result = run(List.of("/usr/bin/jupyter", "nbconvert", "--to", "notebook", "--execute",
                    "--ExecutePreprocessor.kernel_name=" + KERNEL_NAME, "--ExecutePreprocessor.timeout=600",
                    "--output", "executed.ipynb", "display-check.ipynb"), notebooks, 900);
            assertEquals(0, result.exitCode, result.output);
            executedNotebook = notebooks.resolve("executed.ipynb");
            ProcessResult html = run(List.of("/usr/bin/jupyter", "nbconvert", "--to", "html", "executed.ipynb"), notebooks, 300);
            assertEquals(0, html.exitCode, html.output);
            htmlExport = notebooks.resolve("executed.html");
        }
        return executedNotebook;
    }

    @Test
    void notebookOutputsHaveRichMimeTypes() throws Exception {
        String notebook = Files.readString(executedNotebook());

        assertFalse(notebook.contains("\"output_type\": \"error\""), "a cell failed");
        assertTrue(notebook.contains("<table class=\\\"metagrad4j-table\\\">"), "table shown as text/html");
        assertTrue(notebook.contains("main-svg") || notebook.contains("window.Plotly"), "figure shown as HTML");
        assertTrue(notebook.contains("steps [##############################] 5/5 (100%)"), "progress bar finished in place");
    }

    @Test
    void exportedChartDrawsWithRequireJs() throws Exception {
        executedNotebook();
        String html = Files.readString(htmlExport);
        Matcher requireScript = Pattern.compile("<script src=\"file://(/[^\"]*require[^\"]*\\.js)\"").matcher(html);
        NotebookTools.requireCondition(requireScript.find() && Files.exists(Path.of(requireScript.group(1))),
                "the HTML export loads a local require.js (Debian: libjs-requirejs)");

        String dom = NotebookTools.renderInChromium(htmlExport, workDir);

        assertTrue(dom.contains("class=\"main-svg\""), "plotly drew an SVG chart");
        assertTrue(dom.contains(">metagrad4j test chart</text>"), "chart title drawn");
    }

    @Test
    void exportedChartDrawsWithoutRequireJs() throws Exception {
        executedNotebook();
        String html = Files.readString(htmlExport).replaceAll("<script src=\"[^\"]*require[^\"]*\"></script>", "");
        Path withoutRequire = htmlExport.resolveSibling("executed-without-require.html");
        Files.writeString(withoutRequire, html);

        String dom = NotebookTools.renderInChromium(withoutRequire, workDir);

        assertTrue(dom.contains("class=\"main-svg\""), "plotly drew an SVG chart");
        assertTrue(dom.contains(">metagrad4j test chart</text>"), "chart title drawn");
    }

    record ProcessResult(int exitCode, String output) {
    }

    static ProcessResult run(List<String> command, Path directory, long timeoutSeconds) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(new ArrayList<>(command)).directory(directory.toFile()).redirectErrorStream(true);
        if (jupyterPrefix != null) {
            builder.environment().put("JUPYTER_PATH", jupyterPrefix.resolve("share/jupyter").toString());
        }
        Process process = builder.start();
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            return new ProcessResult(-1, "timed out after " + timeoutSeconds + " s: " + command);
        }
        return new ProcessResult(process.exitValue(), new String(output, StandardCharsets.UTF_8));
    }
}
