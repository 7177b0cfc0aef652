package org.metagrad4j.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Start-up guards of the shaded kernel jar, which need no Jupyter. */
class KernelStartupIT {
    @TempDir
    Path workDir;

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static String kernelJar() {
        return System.getProperty("kernel.jar");
    }

    private Path connectionFile(String ip, String key) throws Exception {
        Path file = workDir.resolve("connection.json");
        Files.writeString(file, "{\"ip\": \"" + ip + "\", \"transport\": \"tcp\", \"shell_port\": 0, \"iopub_port\": 0,"
                + " \"stdin_port\": 0, \"control_port\": 0, \"hb_port\": 0, \"signature_scheme\": \"hmac-sha256\","
                + " \"key\": \"" + key + "\"}");
        return file;
    }

    @Test
    void nonLoopbackAddressIsRejected() throws Exception {
        KernelIT.ProcessResult result = KernelIT.run(List.of(java(), "-jar", kernelJar(),
                connectionFile("0.0.0.0", "secret").toString()), workDir, 60);

        assertEquals(KernelMain.EXIT_USAGE, result.exitCode(), result.output());
        assertTrue(result.output().contains("not a loopback address"), result.output());
    }

    @Test
    void emptyKeyIsRejected() throws Exception {
        KernelIT.ProcessResult result = KernelIT.run(List.of(java(), "-jar", kernelJar(),
                connectionFile("127.0.0.1", "").toString()), workDir, 60);

        assertEquals(KernelMain.EXIT_USAGE, result.exitCode(), result.output());
        assertTrue(result.output().contains("has no key"), result.output());
    }

    @Test
    void missingJShellModuleIsReported() throws Exception {
        KernelIT.ProcessResult result = KernelIT.run(List.of(java(), "--limit-modules", "java.base,java.desktop,java.logging",
                "-jar", kernelJar(), connectionFile("127.0.0.1", "secret").toString()), workDir, 60);

        assertEquals(KernelMain.EXIT_MISSING_MODULE, result.exitCode(), result.output());
        assertTrue(result.output().contains("no jdk.jshell module"), result.output());
        assertTrue(result.output().contains("openjdk-17-jdk-headless"), result.output());
    }

    @Test
    void kernelJarHidesItsDependencies() throws Exception {
        try (var jar = new java.util.jar.JarFile(kernelJar())) {
            List<String> leaked = jar.stream().map(java.util.zip.ZipEntry::getName)
                    .filter(name -> name.endsWith(".class"))
                    .filter(name -> !name.startsWith("org/metagrad4j/kernel/"))
                    .toList();
            assertEquals(List.of(), leaked, "classes outside org.metagrad4j.kernel would reach the notebook's class path");
        }
    }
}
