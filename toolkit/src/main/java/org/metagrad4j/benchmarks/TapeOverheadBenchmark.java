package org.metagrad4j.benchmarks;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import org.metagrad4j.autodiff.GradOptions;
import org.metagrad4j.autodiff.Tape;
import org.metagrad4j.autodiff.Tensor;
import org.metagrad4j.runtime.Nd4jRuntime;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Measures the cost the tape adds to single small operations: each operation runs as a raw,
 * allocating ND4J call, as a {@link Tensor} operation on constants (no tape), and as a
 * {@link Tensor} operation recorded on a {@link Tape}. The three forms run side by side in each
 * round, so drift in machine load affects them alike. The table shows the median time per call
 * over the rounds, in microseconds, and the ratio of recorded to raw. The last row times a whole
 * forward and backward pass of {@code sum(x·w)}: by hand with ND4J, by hand with tensor
 * constants, and through {@link Tape#grad}.
 *
 * <p>Run with one libnd4j thread, as the toolkit expects:
 * <pre>
 *   mvn -q -pl toolkit compile exec:exec -Dexec.mainClass=org.metagrad4j.benchmarks.TapeOverheadBenchmark
 * </pre>
 * The toolkit's pom runs {@code exec:exec} in a new JVM with {@code SD_MASTER_THREADS=1} and
 * {@code SD_MAX_THREADS=1}. Under {@code exec:java} (Maven's own JVM) export both variables before
 * starting Maven. Arguments: {@code [rounds] [callsPerRound] [float|double]}, default {@code 30 200 float}.
 */
public final class TapeOverheadBenchmark {
    private static final int WARM_UP_ROUNDS = 10;

    private TapeOverheadBenchmark() {
    }

    /** One benchmarked operation in its three forms. */
    private record Case(String name, String shape, Supplier<INDArray> raw, Supplier<Tensor> constant,
                        java.util.function.Function<Tape, Supplier<Tensor>> recorded) {
    }

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 30;
        int calls = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        DataType type = args.length > 2 && args[2].equalsIgnoreCase("double") ? DataType.DOUBLE : DataType.FLOAT;
        Nd4jRuntime.ensureConfigured();

        List<Case> cases = cases(type);
        System.out.printf(Locale.ROOT, "Tape overhead per operation, %s, median of %d rounds x %d calls, after %d warm-up rounds%n",
                type, rounds, calls, WARM_UP_ROUNDS);
        System.out.printf(Locale.ROOT, "SD_MASTER_THREADS=%s SD_MAX_THREADS=%s BLAS threads=%d%n%n",
                System.getenv("SD_MASTER_THREADS"), System.getenv("SD_MAX_THREADS"), Nd4jRuntime.blasThreadsSetting());
        System.out.printf(Locale.ROOT, "%-10s %-16s %12s %14s %14s %10s%n",
                "operation", "shape", "ND4J (us)", "no tape (us)", "on tape (us)", "tape/ND4J");
        for (Case c : cases) {
            double[][] times = measure(c, rounds, calls);
            double raw = median(times[0]);
            double constant = median(times[1]);
            double recorded = median(times[2]);
            System.out.printf(Locale.ROOT, "%-10s %-16s %12.2f %14.2f %14.2f %10.2f%n",
                    c.name(), c.shape(), raw, constant, recorded, recorded / raw);
        }
    }

    private static List<Case> cases(DataType type) {
        INDArray x = random(1, type, 32, 40);
        INDArray y = random(2, type, 32, 40);
        INDArray w = random(3, type, 40, 40);
        Tensor cx = Tensor.constant(x);
        Tensor cy = Tensor.constant(y);
        Tensor cw = Tensor.constant(w);
        List<Case> cases = new ArrayList<>();

        cases.add(new Case("matmul", "32x40 . 40x40",
                () -> Nd4j.matmul(x, w, null, false, false, false),
                () -> cx.matmul(cw),
                tape -> {
                    Tensor tx = tape.watch(x);
                    Tensor tw = tape.watch(w);
                    return () -> tx.matmul(tw);
                }));

        cases.add(new Case("add", "32x40 + 32x40",
                () -> x.add(y),
                () -> cx.add(cy),
                tape -> {
                    Tensor tx = tape.watch(x);
                    Tensor ty = tape.watch(y);
                    return () -> tx.add(ty);
                }));

        cases.add(new Case("tanh", "32x40",
                () -> Transforms.tanh(x, true),
                () -> cx.tanh(),
                tape -> {
                    Tensor tx = tape.watch(x);
                    return tx::tanh;
                }));

        cases.add(new Case("sum", "32x40 -> scalar",
                () -> x.sum(false, 0, 1),
                () -> cx.sum(),
                tape -> {
                    Tensor tx = tape.watch(x);
                    return tx::sum;
                }));

        // Forward and backward of sum(x·w) for both operands: by hand (ND4J, then Tensor constants) and by Tape.grad.
        cases.add(new Case("grad", "sum(32x40 . 40x40)",
                () -> {
                    Nd4j.matmul(x, w, null, false, false, false).sum(false, 0, 1);
                    INDArray upstream = Nd4j.ones(type, 32, 40);
                    Nd4j.matmul(upstream, w, null, false, true, false);
                    return Nd4j.matmul(x, upstream, null, true, false, false);
                },
                () -> {
                    cx.matmul(cw).sum();
                    Tensor upstream = Tensor.constant(Nd4j.ones(type, 32, 40));
                    upstream.matmul(cw, false, true);
                    return cx.matmul(upstream, true, false);
                },
                tape -> () -> {
                    Tensor tx = tape.watch(x);
                    Tensor tw = tape.watch(w);
                    return tape.grad(tx.matmul(tw).sum(), List.of(tx, tw), GradOptions.firstOrder()).get(1);
                }));
        return cases;
    }

    /** Per-call microseconds of each round, for raw, constant and recorded forms: {@code [3][rounds]}. */
    private static double[][] measure(Case c, int rounds, int calls) {
        double[][] times = new double[3][rounds];
        for (int round = -WARM_UP_ROUNDS; round < rounds; round++) {
            double raw = time(calls, c.raw());
            double constant = time(calls, c.constant());
            double recorded;
            // A fresh tape per round, so the tape's node list grows only by one round's calls.
            try (Tape tape = Tape.create()) {
                recorded = time(calls, c.recorded().apply(tape));
            }
            if (round >= 0) {
                times[0][round] = raw;
                times[1][round] = constant;
                times[2][round] = recorded;
            }
        }
        return times;
    }

    private static double time(int calls, Supplier<?> operation) {
        Object sink = null;
        long start = System.nanoTime();
        for (int i = 0; i < calls; i++) {
            sink = operation.get();
        }
        long elapsed = System.nanoTime() - start;
        if (sink == null) {
            throw new IllegalStateException("benchmark operation returned null");
        }
        return elapsed / 1e3 / calls;
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    private static INDArray random(long seed, DataType type, long... shape) {
        return Nd4j.randn(Nd4j.getRandomFactory().getNewRandomInstance(seed), shape).castTo(type);
    }
}
