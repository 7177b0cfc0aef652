package org.metagrad4j.runtime;

import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Configures ND4J's threading once, on the toolkit's first use.
 *
 * <p>libnd4j's default of one OpenMP worker per core thrashes on small machines: a hand-written
 * ND4J exact MAML meta-step (not the toolkit's; sinusoid MLP, 25 tasks, 5 inner steps) measured
 * about 555 ms with the default and about 5 ms with one thread on a 2-core machine. The operations the toolkit issues are small,
 * so it runs libnd4j's element-wise and reduction kernels on one thread and lets BLAS decide
 * matrix products:
 * <ul>
 *   <li>master threads are set to 1 at run time ({@code setMaxMasterThreads(1)});</li>
 *   <li>libnd4j's worker count cannot be lowered once ND4J has started, so launch the JVM with
 *       {@code SD_MASTER_THREADS=1} and {@code SD_MAX_THREADS=1} in the environment (the
 *       kernelspec, surefire and {@code .ci/run} do); a warning is logged once when they are
 *       missing;</li>
 *   <li>BLAS threads default to 1 (best for layers of up to a few hundred units); set
 *       {@code METAGRAD4J_BLAS_THREADS} or the system property {@code metagrad4j.blasThreads}
 *       to raise it for wide layers (2 suited 1024-wide layers on 2 cores).</li>
 * </ul>
 * The toolkit never changes ND4J's global default data type.
 */
public final class Nd4jRuntime {
    private static final Logger LOG = LoggerFactory.getLogger(Nd4jRuntime.class);
    private static volatile boolean configured;

    private Nd4jRuntime() {
    }

    /** Applies the threading settings if this is the first call in this JVM; later calls return at once. */
    public static void ensureConfigured() {
        if (configured) {
            return;
        }
        synchronized (Nd4jRuntime.class) {
            if (configured) {
                return;
            }
            Nd4j.getEnvironment().setMaxMasterThreads(1);
            int blasThreads = blasThreadsSetting();
            Nd4j.factory().blas().setMaxThreads(blasThreads);
            if (!"1".equals(System.getenv("SD_MAX_THREADS")) || !"1".equals(System.getenv("SD_MASTER_THREADS"))) {
                LOG.warn("SD_MAX_THREADS and SD_MASTER_THREADS are not both 1 in this JVM's environment; "
                        + "libnd4j may run about 100x slower on small operations. "
                        + "Start the JVM with SD_MAX_THREADS=1 SD_MASTER_THREADS=1.");
            }
            LOG.debug("ND4J threading: master threads 1, BLAS threads {}", blasThreads);
            configured = true;
        }
    }

    /** Returns the BLAS thread count from {@code metagrad4j.blasThreads} or {@code METAGRAD4J_BLAS_THREADS}, default 1. */
    public static int blasThreadsSetting() {
        String value = System.getProperty("metagrad4j.blasThreads", System.getenv("METAGRAD4J_BLAS_THREADS"));
        if (value == null || value.isBlank()) {
            return 1;
        }
        try {
            int threads = Integer.parseInt(value.trim());
            if (threads < 1) {
                throw new IllegalArgumentException("BLAS thread count must be >= 1, got " + threads
                        + " (set METAGRAD4J_BLAS_THREADS or -Dmetagrad4j.blasThreads to a positive integer)");
            }
            return threads;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("BLAS thread count must be an integer, got '" + value
                    + "' (set METAGRAD4J_BLAS_THREADS or -Dmetagrad4j.blasThreads to a positive integer)", e);
        }
    }

    /** Sets the number of BLAS threads for matrix products from now on. */
    public static void setBlasThreads(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        ensureConfigured();
        Nd4j.factory().blas().setMaxThreads(threads);
    }
}
