package org.metagrad4j.kernel;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Starts the kernel: {@code java -jar metagrad4j-kernel.jar CONNECTION_FILE}.
 *
 * <p>Before anything else it checks that this Java runtime has JShell and the compiler, because a
 * JRE or a trimmed runtime image lacks them and the kernel would otherwise fail with a bare
 * {@code NoClassDefFoundError}. This class uses only JDK types so that the check runs before any
 * JShell class loads.
 */
public final class KernelMain {
    /** Exit status for an invalid command line or connection file. */
    static final int EXIT_USAGE = 2;
    /** Exit status for a Java runtime without the modules the kernel needs. */
    static final int EXIT_MISSING_MODULE = 3;

    private static final List<String> REQUIRED_MODULES = List.of("jdk.jshell", "jdk.compiler");

    private KernelMain() {
    }

    /**
     * Runs the kernel until Jupyter shuts it down.
     *
     * @param args one argument, the path of the connection file Jupyter wrote
     */
    public static void main(String[] args) {
        if (args.length != 1) {
            fail(EXIT_USAGE, "Usage: java -jar metagrad4j-kernel.jar CONNECTION_FILE (Jupyter passes {connection_file})");
        }
        for (String module : REQUIRED_MODULES) {
            if (ModuleLayer.boot().findModule(module).isEmpty()) {
                fail(EXIT_MISSING_MODULE, "The Java runtime at " + System.getProperty("java.home") + " has no " + module
                        + " module, which the kernel needs to compile and run cells. Install a full JDK 17 or later "
                        + "(Debian: apt-get install openjdk-17-jdk-headless), then run environment/install-kernel.sh "
                        + "with that JDK's java first on PATH or JAVA_HOME set to it.");
            }
        }
        configureLogging();

        String connectionJson;
        try {
            connectionJson = Files.readString(Path.of(args[0]));
        } catch (IOException e) {
            fail(EXIT_USAGE, "Cannot read the connection file " + args[0] + ": " + e);
            return;
        }
        KernelLauncher.run(connectionJson);
        System.exit(0);
    }

    /**
     * Checks that a connection file's address is on this machine.
     *
     * @param transport {@code tcp} or {@code ipc}
     * @param ip the address the kernel's sockets would bind to
     * @throws IllegalArgumentException if the sockets would listen beyond the loopback interface
     */
    static void requireLoopback(String transport, String ip) {
        if ("ipc".equals(transport)) {
            return;
        }
        if (!"tcp".equals(transport)) {
            throw new IllegalArgumentException("Unsupported transport '" + transport + "' in the connection file; use tcp or ipc");
        }
        try {
            if (!InetAddress.getByName(ip).isLoopbackAddress()) {
                throw new IllegalArgumentException("The connection file asks the kernel to listen on " + ip
                        + ", which is not a loopback address; the kernel listens on loopback only "
                        + "(start Jupyter without --ip, or with --ip=127.0.0.1)");
            }
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("Unknown address '" + ip + "' in the connection file", e);
        }
    }

    private static void configureLogging() {
        // slf4j-simple is shaded into the kernel jar; its log goes to the process's original stderr
        // (Jupyter's log), not to the redirected System.err that cells write to.
        setDefault("org.slf4j.simpleLogger.cacheOutputStream", "true");
        setDefault("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        setDefault("org.slf4j.simpleLogger.showDateTime", "true");
        setDefault("org.slf4j.simpleLogger.showShortLogName", "true");
    }

    private static void setDefault(String property, String value) {
        if (System.getProperty(property) == null) {
            System.setProperty(property, value);
        }
    }

    static void fail(int status, String message) {
        System.err.println("metagrad4j kernel: " + message);
        System.exit(status);
    }
}
