package org.metagrad4j.kernel;

import java.lang.reflect.Field;
import org.dflib.jjava.jupyter.channels.JupyterConnection;
import org.dflib.jjava.jupyter.channels.Loop;
import org.dflib.jjava.jupyter.kernel.KernelConnectionProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Connects the kernel to Jupyter's sockets and serves requests until shutdown. */
final class KernelLauncher {
    private static final Logger LOG = LoggerFactory.getLogger(KernelLauncher.class);

    private KernelLauncher() {
    }

    static void run(String connectionJson) {
        KernelConnectionProperties properties = KernelConnectionProperties.parse(connectionJson);
        try {
            KernelMain.requireLoopback(properties.getTransport(), properties.getIp());
        } catch (IllegalArgumentException e) {
            KernelMain.fail(KernelMain.EXIT_USAGE, e.getMessage());
        }
        if (properties.getKey() == null || properties.getKey().isEmpty()) {
            KernelMain.fail(KernelMain.EXIT_USAGE, "The connection file has no key; the kernel accepts only "
                    + "messages signed with a key (Jupyter writes one unless told not to)");
        }
        if (!"hmac-sha256".equals(properties.getSignatureScheme())) {
            LOG.warn("Signature scheme {} in the connection file; Jupyter's default is hmac-sha256", properties.getSignatureScheme());
        }

        JShellKernel kernel = JShellKernel.create(KernelLauncher.class.getPackage().getImplementationVersion());
        JupyterConnection connection;
        try {
            connection = new JupyterConnection(properties);
        } catch (java.security.GeneralSecurityException e) {
            KernelMain.fail(KernelMain.EXIT_USAGE, "Cannot use the signature scheme " + properties.getSignatureScheme() + ": " + e);
            return;
        }
        kernel.becomeHandlerForConnection(connection);
        connection.connect();
        keepShellLoopsAlive(connection);
        LOG.info("Kernel listening on {} ({})", properties.getIp(), properties.getTransport());
        connection.waitUntilClose();
    }

    /**
     * Makes the shell and control channels drop a message that fails the HMAC check and go on.
     *
     * <p>jjava-jupyter 1.0-a6 verifies each message's signature and throws a
     * {@code SecurityException} on a mismatch, after reading all of the message's frames. Its
     * channel loops have no error handler, so that exception would end the loop thread and the
     * kernel would stop answering; this installs a handler that logs and continues.
     */
    private static void keepShellLoopsAlive(JupyterConnection connection) {
        for (String channelField : new String[] {"shell", "control"}) {
            try {
                Object channel = field(JupyterConnection.class, channelField).get(connection);
                Loop loop = (Loop) field(channel.getClass(), "ioloop").get(channel);
                loop.onError(error -> {
                    if (error instanceof SecurityException) {
                        LOG.warn("Rejected a message on the {} channel: {}", channelField, error.getMessage());
                    } else {
                        LOG.error("Error while handling a message on the {} channel", channelField, error);
                    }
                    return 0;
                });
            } catch (ReflectiveOperationException | RuntimeException e) {
                // NOTE: tied to jjava-jupyter 1.0-a6's private field names; check them when upgrading.
                LOG.warn("Cannot install the error handler on the {} channel; a message with a bad signature "
                        + "will stop that channel", channelField, e);
            }
        }
    }

    private static Field field(Class<?> type, String name) throws NoSuchFieldException {
        for (Class<?> current = type; current != null; current = current.getSuperclass()) {
            try {
                Field field = current.getDeclaredField(name);
                field.setAccessible(true);
                return field;
            } catch (NoSuchFieldException e) {
                // Look in the superclass.
            }
        }
        throw new NoSuchFieldException(type.getName() + "." + name);
    }
}
