package org.metagrad4j.kernel;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import jdk.jshell.execution.LocalExecutionControl;
import jdk.jshell.spi.ExecutionControl;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs JShell snippets in the kernel's own JVM and keeps their result objects.
 *
 * <p>JShell's local engine only returns a result's {@code toString()}; to render tables and charts
 * the kernel needs the object itself, so {@link #invoke(Method)} stores it under a key and returns
 * the key as the snippet's value. Each snippet runs on a fresh thread whose context class loader is
 * JShell's class loader, because ND4J finds its backend through the context class loader and
 * fails with {@code NoAvailableBackendException} otherwise.
 */
final class CellExecutionControl extends LocalExecutionControl {
    private static final Logger LOG = LoggerFactory.getLogger(CellExecutionControl.class);
    private static final String RESULT_KEY_PREFIX = "metagrad4j-result-";
    /** How long an interrupted cell may take to stop before its thread is stopped by force. */
    private static final long INTERRUPT_GRACE_MS = 2_000;

    private final Map<String, Object> results = new ConcurrentHashMap<>();
    private final AtomicLong resultCounter = new AtomicLong();
    private volatile Thread cellThread;
    private volatile boolean stopRequested;
    private volatile ClassLoader cellClassLoader;

    @Override
    protected String invoke(Method doitMethod) throws Exception {
        ClassLoader loader = doitMethod.getDeclaringClass().getClassLoader();
        cellClassLoader = loader;
        Object[] result = new Object[1];
        Throwable[] thrown = new Throwable[1];
        Thread thread = new Thread(() -> {
            try {
                result[0] = doitMethod.invoke(null);
            } catch (InvocationTargetException e) {
                thrown[0] = e.getCause();
            } catch (Throwable e) {
                thrown[0] = e;
            }
        }, "metagrad4j-cell");
        thread.setContextClassLoader(loader);
        cellThread = thread;
        thread.start();
        try {
            thread.join();
        } finally {
            cellThread = null;
        }
        if (stopRequested) {
            throw new ExecutionControl.StoppedException();
        }
        if (thrown[0] != null) {
            throw new InvocationTargetException(thrown[0]);
        }
        String key = RESULT_KEY_PREFIX + resultCounter.incrementAndGet();
        if (result[0] != null) {
            results.put(key, result[0]);
        }
        return key;
    }

    /**
     * Interrupts the running snippet: first with {@link Thread#interrupt()}, then, if it has not
     * ended within {@link #INTERRUPT_GRACE_MS}, with {@code Thread.stop()}.
     */
    @Override
    @SuppressWarnings({"deprecation", "removal"})
    public void stop() {
        Thread thread = cellThread;
        if (thread == null) {
            return;
        }
        stopRequested = true;
        thread.interrupt();
        try {
            thread.join(INTERRUPT_GRACE_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        if (thread.isAlive()) {
            try {
                // Code in a tight loop never checks the interrupt flag; Thread.stop is the only way
                // to end it without restarting the kernel.
                thread.stop();
            } catch (UnsupportedOperationException e) {
                // NOTE: Java 20 and later removed Thread.stop; there only interrupt-aware code stops.
                LOG.warn("The cell ignored the interrupt and this JVM ({}) cannot stop threads by force; "
                        + "restart the kernel to end it", System.getProperty("java.version"));
            }
        }
    }

    /** Clears the interrupt state before a new cell runs. */
    void resetForCell() {
        stopRequested = false;
        results.clear();
    }

    /** Returns whether an interrupt stopped the current cell. */
    boolean wasStopped() {
        return stopRequested;
    }

    /** Returns the object a snippet produced for a value key, or {@code null} for a null result. */
    Object result(String valueKey) {
        return valueKey == null ? null : results.get(valueKey);
    }

    /** Returns whether a snippet value is a key of this control rather than JShell's own text. */
    boolean isResultKey(String value) {
        return value != null && value.startsWith(RESULT_KEY_PREFIX);
    }

    /** Returns the class loader of the snippets, or {@code null} before the first one ran. */
    ClassLoader cellClassLoader() {
        return cellClassLoader;
    }
}
