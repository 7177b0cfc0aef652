package org.metagrad4j.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/** Finds the external tools the notebook tests need, and runs headless Chromium. */
final class NotebookTools {
    static final String REQUIRE_VARIABLE = "METAGRAD4J_REQUIRE_NOTEBOOK_TOOLS";
    private static final String CHROMIUM = "/usr/bin/chromium";

    private NotebookTools() {
    }

    /** Skips the test when a tool is missing, or fails it when {@value #REQUIRE_VARIABLE} is 1. */
    static void require(String executable, String description) {
        requireCondition(Files.isExecutable(Path.of(executable)), description + " at " + executable);
    }

    static void requireCondition(boolean present, String description) {
        if (present) {
            return;
        }
        String message = "Missing " + description + "; environment/run-tests.sh installs it";
        if ("1".equals(System.getenv(REQUIRE_VARIABLE))) {
            Assertions.fail(message + " (" + REQUIRE_VARIABLE + "=1 makes this a failure)");
        }
        Assumptions.abort(message);
    }

    /** Loads a local HTML file in headless Chromium, background networking off, and returns the DOM after scripts ran. */
    static String renderInChromium(Path html, Path workDir) throws Exception {
        require(CHROMIUM, "Chromium (Debian: chromium)");
        Path profile = Files.createTempDirectory(workDir, "chromium-profile");
        KernelIT.ProcessResult result = KernelIT.run(List.of(CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--user-data-dir=" + profile, "--virtual-time-budget=20000", "--dump-dom",
                html.toUri().toString()), workDir, 180);
        assertEquals(0, result.exitCode(), "chromium failed:\n" + result.output());
        return result.output();
    }
}
