package org.metagrad4j.libtorch;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.metagrad4j.estimators.Estimators;
import org.metagrad4j.estimators.MetaGradient;
import org.metagrad4j.estimators.MetaGradientEstimator;
import org.metagrad4j.estimators.MetaProblem;
import org.metagrad4j.estimators.TaskData;
import org.metagrad4j.inner.InnerLoop;
import org.metagrad4j.nn.Activation;
import org.metagrad4j.nn.Loss;
import org.metagrad4j.nn.Mlp;
import org.metagrad4j.nn.Parameters;
import org.metagrad4j.runtime.Nd4jRuntime;
import org.metagrad4j.tasks.SinusoidTasks;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.rng.Random;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Times the toolkit's meta-steps against libtorch's in the same JVM, float32, and prints medians
 * and the ratios toolkit / libtorch (below 1 means the toolkit is faster).
 *
 * <p>The implementations run alternately in every round, so that both see the same machine load;
 * warm-up rounds are discarded. Cases:
 * <ul>
 *   <li>sinusoid regression, MLP 1-40-40-1, meta-batch 25, K = 5, α = 0.01, 10 + 10 shots: exact
 *       and first-order MAML; one thread for ND4J's BLAS and for libtorch;</li>
 *   <li>5-way 1-shot classification with 15 queries per class on an MLP 784-1024-1024-5 with random
 *       inputs, meta-batch 4, α = 0.01: exact MAML at K = 1 and K = 5; two threads for both
 *       libraries.</li>
 * </ul>
 * libtorch runs as a task loop (as learn2learn and higher do) and batched over tasks (as
 * functorch's vmap does). For the wide MLP the benchmark also prints the toolkit's estimated
 * matrix-product FLOP rate as a fraction of ND4J's rate on a 1024 × 1024 × 1024 float product.
 *
 * <p>Run with {@code OMP_WAIT_POLICY=PASSIVE}, {@code SD_MASTER_THREADS=1} and
 * {@code SD_MAX_THREADS=1} (the profile's exec configuration sets them):
 * <pre>
 * mvn -q -Plibtorch -Djavacpp.platform=linux-x86_64 -pl toolkit compile exec:exec \
 *     -Dexec.args="-Xmx2g -Dorg.bytedeco.javacpp.maxBytes=3g -classpath %classpath \
 *     org.metagrad4j.libtorch.LibtorchBenchmark [sinusoid|wide]"
 * </pre>
 * NOTE: without the memory limits the wide case grew to about 12 GB resident, because ND4J's
 * off-heap buffers are freed only after garbage collection and JavaCPP's default limit follows
 * the heap size.
 */
public final class LibtorchBenchmark {
    private static final int SINUSOID_WARMUP = 20;
    private static final int SINUSOID_ROUNDS = 50;
    private static final int WIDE_WARMUP = 3;
    private static final int WIDE_ROUNDS = 10;

    private LibtorchBenchmark() {
    }

    /**
     * Runs the benchmark.
     *
     * @param args optional: {@code sinusoid} or {@code wide} to run only those cases
     */
    public static void main(String[] args) {
        String only = args.length > 0 ? args[0] : "all";
        if (!List.of("all", "sinusoid", "wide").contains(only)) {
            throw new IllegalArgumentException("unknown case set '" + only + "'; use sinusoid, wide or no argument");
        }
        Nd4jRuntime.ensureConfigured();
        System.out.printf(Locale.ROOT, "environment: OMP_WAIT_POLICY=%s SD_MASTER_THREADS=%s SD_MAX_THREADS=%s%n",
                System.getenv("OMP_WAIT_POLICY"), System.getenv("SD_MASTER_THREADS"), System.getenv("SD_MAX_THREADS"));
        List<Row> rows = new ArrayList<>();
        if (!only.equals("wide")) {
            rows.addAll(sinusoid());
        }
        if (!only.equals("sinusoid")) {
            rows.addAll(wide());
        }
        System.out.println();
        System.out.printf(Locale.ROOT, "%-34s %11s %11s %11s %13s %16s %14s%n", "case (float32, medians)", "toolkit ms",
                "torch loop", "torch batch", "toolkit/loop", "toolkit/batched", "max rel. diff");
        for (Row row : rows) {
            System.out.printf(Locale.ROOT, "%-34s %11.2f %11.2f %11.2f %13.2f %16.2f %14.1e%n", row.name, row.toolkit,
                    row.loop, row.batched, row.toolkit / row.loop, row.toolkit / row.batched, row.difference);
        }
    }

    /** One line of the result table: medians in milliseconds and the float32 gradient difference. */
    private record Row(String name, double toolkit, double loop, double batched, double difference) {
    }

    private static List<Row> sinusoid() {
        setThreads(1);
        SinusoidTasks source = SinusoidTasks.builder().supportSize(10).querySize(10).dataType(DataType.FLOAT).build();
        Mlp model = Mlp.of(Activation.RELU, 1, 40, 40, 1);
        InnerLoop inner = InnerLoop.builder().steps(5).stepSize(0.01).loss(Loss.meanSquaredError()).build();
        MetaProblem problem = MetaProblem.of(model, inner);
        Parameters theta = model.initialize(DataType.FLOAT, 1);
        TaskData tasks = TaskData.of(source.sample(25, 7));
        Tensor[] thetaTensors = TorchArrays.toTensors(theta, DataType.FLOAT);
        TorchTasks torchTasks = TorchTasks.of(tasks, DataType.FLOAT, 0);
        LibtorchMaml libtorch = new LibtorchMaml(new TorchMlp(3), TorchLoss.MEAN_SQUARED_ERROR, 5, 0.01);

        Row exact = measure("sinusoid exact MAML, K=5", problem, theta, tasks, Estimators.exact(),
                () -> libtorch.exactPerTask(thetaTensors, torchTasks), () -> libtorch.exactBatched(thetaTensors, torchTasks),
                SINUSOID_WARMUP, SINUSOID_ROUNDS);
        Row firstOrder = measure("sinusoid first-order MAML, K=5", problem, theta, tasks, Estimators.firstOrder(),
                () -> libtorch.firstOrderPerTask(thetaTensors, torchTasks),
                () -> libtorch.firstOrderBatched(thetaTensors, torchTasks), SINUSOID_WARMUP, SINUSOID_ROUNDS);
        return List.of(exact, firstOrder);
    }

    private static List<Row> wide() {
        setThreads(2);
        int taskCount = 4;
        int ways = 5;
        int queriesPerClass = 15;
        long[] sizes = {784, 1024, 1024, ways};
        Mlp model = Mlp.of(Activation.RELU, sizes);
        Parameters theta = model.initialize(DataType.FLOAT, 1);
        Random rng = Nd4j.getRandomFactory().getNewRandomInstance(5);
        TaskData tasks = new TaskData(Nd4j.randn(rng, new long[] {taskCount, ways, 784}).castTo(DataType.FLOAT),
                labels(taskCount, ways, 1), Nd4j.randn(rng, new long[] {taskCount, ways * queriesPerClass, 784}).castTo(DataType.FLOAT),
                labels(taskCount, ways, queriesPerClass));
        Tensor[] thetaTensors = TorchArrays.toTensors(theta, DataType.FLOAT);
        TorchTasks torchTasks = TorchTasks.of(tasks, DataType.FLOAT, ways);

        double matmulRate = nd4jMatmulGflops();
        System.out.printf(Locale.ROOT, "ND4J 1024x1024x1024 float matmul, 2 BLAS threads: %.1f GFLOP/s (median of 20)%n", matmulRate);
        List<Row> rows = new ArrayList<>();
        for (int steps : new int[] {1, 5}) {
            InnerLoop inner = InnerLoop.builder().steps(steps).stepSize(0.01).loss(Loss.crossEntropy()).build();
            MetaProblem problem = MetaProblem.of(model, inner);
            LibtorchMaml libtorch = new LibtorchMaml(new TorchMlp(3), TorchLoss.CROSS_ENTROPY, steps, 0.01);
            Row row = measure("784-1024-1024-5 exact MAML, K=" + steps, problem, theta, tasks, Estimators.exact(),
                    () -> libtorch.exactPerTask(thetaTensors, torchTasks), () -> libtorch.exactBatched(thetaTensors, torchTasks),
                    WIDE_WARMUP, WIDE_ROUNDS);
            double flops = exactMamlMatmulFlops(sizes, taskCount, steps, ways, ways * queriesPerClass);
            double toolkitRate = flops / (row.toolkit * 1e6);
            System.out.printf(Locale.ROOT, "  K=%d: about %.2f GFLOP of matrix products per meta-step; toolkit %.1f GFLOP/s = %.0f%% of "
                    + "the 1024^3 matmul rate; libtorch batched %.1f GFLOP/s%n", steps, flops / 1e9, toolkitRate,
                    100 * toolkitRate / matmulRate, flops / (row.batched * 1e6));
            rows.add(row);
        }
        return rows;
    }

    /**
     * Estimates the matrix-product FLOPs of one exact MAML meta-step on an MLP, as 2·m·n·k per
     * product: per layer (in × out) and example, an inner step costs 18·in·out (forward 2, its
     * create-graph backward 4, and differentiating those three products again 12) and the query
     * pass 6·in·out (forward and backward).
     *
     * @implNote The input-gradient product of the first layer is counted although autodiff can
     * skip it, so this is an upper estimate.
     */
    static double exactMamlMatmulFlops(long[] sizes, int taskCount, int steps, int supportSize, int querySize) {
        double weights = 0;
        for (int i = 0; i + 1 < sizes.length; i++) {
            weights += (double) sizes[i] * sizes[i + 1];
        }
        return taskCount * weights * (18.0 * steps * supportSize + 6.0 * querySize);
    }

    /** Labels 0..ways−1, {@code perClass} examples of each, ordered by label, for every task. */
    private static INDArray labels(int taskCount, int ways, int perClass) {
        long[] values = new long[taskCount * ways * perClass];
        for (int i = 0; i < values.length; i++) {
            values[i] = (i % (ways * perClass)) / perClass;
        }
        return Nd4j.createFromArray(values).reshape(taskCount, (long) ways * perClass);
    }

    private static void setThreads(int threads) {
        Nd4jRuntime.setBlasThreads(threads);
        torch.set_num_threads(threads);
        System.out.printf(Locale.ROOT, "threads: ND4J BLAS %d, libtorch intra-op %d%n", threads, torch.get_num_threads());
    }

    private static double nd4jMatmulGflops() {
        INDArray a = Nd4j.rand(DataType.FLOAT, 1024, 1024);
        INDArray b = Nd4j.rand(DataType.FLOAT, 1024, 1024);
        INDArray c = Nd4j.create(DataType.FLOAT, 1024, 1024);
        double[] seconds = new double[20];
        for (int r = -5; r < seconds.length; r++) {
            long start = System.nanoTime();
            Nd4j.matmul(a, b, c);
            if (r >= 0) {
                seconds[r] = (System.nanoTime() - start) / 1e9;
            }
        }
        return 2.0 * 1024 * 1024 * 1024 / median(seconds) / 1e9;
    }

    /**
     * Times the toolkit's estimator and the two libtorch versions alternately and checks that their
     * gradients agree.
     */
    private static Row measure(String name, MetaProblem problem, Parameters theta, TaskData tasks, MetaGradientEstimator estimator,
                               Supplier<Tensor[]> loop, Supplier<Tensor[]> batched, int warmup, int rounds) {
        double[][] millis = new double[3][rounds];
        for (int r = 0; r < warmup + rounds; r++) {
            long start = System.nanoTime();
            estimator.estimate(problem, theta, tasks);
            long toolkitEnd = System.nanoTime();
            runDiscarding(loop);
            long loopEnd = System.nanoTime();
            runDiscarding(batched);
            long batchedEnd = System.nanoTime();
            if (r >= warmup) {
                millis[0][r - warmup] = (toolkitEnd - start) / 1e6;
                millis[1][r - warmup] = (loopEnd - toolkitEnd) / 1e6;
                millis[2][r - warmup] = (batchedEnd - loopEnd) / 1e6;
            }
        }
        MetaGradient toolkit = estimator.estimate(problem, theta, tasks);
        double difference = Math.max(relativeDifference(toolkit.gradient(), runScoped(loop)),
                relativeDifference(toolkit.gradient(), runScoped(batched)));
        Row row = new Row(name, median(millis[0]), median(millis[1]), median(millis[2]), difference);
        System.out.printf(Locale.ROOT, "%s: toolkit %.2f ms, libtorch loop %.2f ms, batched %.2f ms (medians of %d rounds)%n",
                name, row.toolkit, row.loop, row.batched, rounds);
        return row;
    }

    /** Runs libtorch code in a pointer scope, which frees every tensor on close, result included. */
    private static void runDiscarding(Supplier<Tensor[]> computation) {
        try (PointerScope scope = new PointerScope()) {
            computation.get();
        }
    }

    /** Runs libtorch code in a pointer scope, which frees its tensors on close, and copies the result out. */
    private static double[][] runScoped(Supplier<Tensor[]> computation) {
        try (PointerScope scope = new PointerScope()) {
            Tensor[] result = computation.get();
            double[][] values = new double[result.length][];
            for (int i = 0; i < result.length; i++) {
                values[i] = TorchArrays.toDoubles(result[i]);
            }
            return values;
        }
    }

    /** Returns the largest ‖a_p − b_p‖ / ‖b_p‖ over the parameters p. */
    private static double relativeDifference(Parameters toolkit, double[][] libtorch) {
        double worst = 0;
        List<String> names = toolkit.names();
        for (int p = 0; p < names.size(); p++) {
            double[] values = toolkit.value(names.get(p)).castTo(DataType.DOUBLE).dup('c').data().asDouble();
            double difference = 0;
            double norm = 0;
            for (int i = 0; i < values.length; i++) {
                difference += (values[i] - libtorch[p][i]) * (values[i] - libtorch[p][i]);
                norm += libtorch[p][i] * libtorch[p][i];
            }
            worst = Math.max(worst, Math.sqrt(difference / norm));
        }
        return worst;
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
