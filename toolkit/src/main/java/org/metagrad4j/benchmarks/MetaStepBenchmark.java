package org.metagrad4j.benchmarks;

import java.util.Arrays;
import java.util.List;
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
import org.metagrad4j.tasks.SinusoidTasks;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Times one meta-step of each estimator on the sinusoid setup (MLP 1-40-40-1, meta-batch 25,
 * K = 5, 10 + 10 shots, float32): the estimators run alternately, 20 warm-up rounds then 50
 * measured rounds of the estimate's own wall time ({@code Diagnostics.wallMillis}, which leaves out
 * the query evaluation done for the diagnostics), and the medians are printed with the cosine to
 * exact MAML and retained bytes.
 *
 * <p>Run: {@code mvn -q -pl toolkit compile exec:exec -Dexec.mainClass=org.metagrad4j.benchmarks.MetaStepBenchmark}
 */
public final class MetaStepBenchmark {
    private MetaStepBenchmark() {
    }

    public static void main(String[] args) {
        SinusoidTasks tasks = SinusoidTasks.builder().supportSize(10).querySize(10).dataType(DataType.FLOAT).build();
        Mlp model = Mlp.of(Activation.RELU, 1, 40, 40, 1);
        InnerLoop inner = InnerLoop.builder().steps(5).stepSize(0.01).loss(Loss.meanSquaredError()).build();
        MetaProblem problem = MetaProblem.of(model, inner);
        Parameters theta = model.initialize(DataType.FLOAT, 1);
        TaskData batch = TaskData.of(tasks.sample(25, 7));
        List<MetaGradientEstimator> estimators = List.of(Estimators.exact(), Estimators.exactRecursive(), Estimators.firstOrder(),
                Estimators.reptile(), Estimators.finiteDifference(DataType.FLOAT), Estimators.implicitCg(2.0, 5),
                Estimators.truncated(1));
        int warmup = 20;
        int rounds = 50;
        double[][] millis = new double[estimators.size()][rounds];
        MetaGradient[] last = new MetaGradient[estimators.size()];
        for (int r = 0; r < warmup + rounds; r++) {
            for (int e = 0; e < estimators.size(); e++) {
                last[e] = estimators.get(e).estimate(problem, theta, batch);
                double elapsed = last[e].diagnostics().wallMillis();
                if (r >= warmup) {
                    millis[e][r - warmup] = elapsed;
                }
            }
        }
        System.out.printf("%-28s %12s %12s %12s %16s%n", "estimator", "median ms", "p10 ms", "p90 ms", "retained bytes");
        for (int e = 0; e < estimators.size(); e++) {
            double[] sorted = millis[e].clone();
            Arrays.sort(sorted);
            System.out.printf("%-28s %12.2f %12.2f %12.2f %16d   cosine to exact %.6f%n", estimators.get(e).name(),
                    sorted[rounds / 2], sorted[rounds / 10], sorted[rounds * 9 / 10], last[e].diagnostics().retainedBytes(),
                    last[e].cosine(last[0]));
        }
    }
}
