package org.metagrad4j.estimators;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.metagrad4j.inner.InnerLoop;
import org.metagrad4j.nn.Activation;
import org.metagrad4j.nn.Loss;
import org.metagrad4j.nn.Mlp;
import org.metagrad4j.nn.Parameters;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The query loss and accuracy after adaptation in an estimate's diagnostics, which reuse the
 * estimator's own query pass, against an independent adaptation and evaluation.
 */
class QueryDiagnosticsTest {
    private static final Mlp MODEL = Mlp.of(Activation.TANH, 6, 8, 3);
    private static final MetaProblem PROBLEM = MetaProblem.of(MODEL,
            InnerLoop.builder().steps(3).stepSize(0.3).loss(Loss.crossEntropy()).build());

    static Stream<MetaGradientEstimator> estimators() {
        return Stream.of(Estimators.exact(), Estimators.exactRecursive(), Estimators.firstOrder(), Estimators.reptile(),
                Estimators.truncated(1));
    }

    private static INDArray labels(int tasks, int perTask, int classes) {
        long[] values = new long[tasks * perTask];
        for (int i = 0; i < values.length; i++) {
            values[i] = (i * 7 + i / perTask) % classes;
        }
        return Nd4j.createFromArray(values).reshape(tasks, perTask);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("estimators")
    void diagnosticsMatchIndependentAdaptation(MetaGradientEstimator estimator) {
        var rng = Nd4j.getRandomFactory().getNewRandomInstance(3);
        INDArray supportInputs = Nd4j.randn(rng, new long[] {4, 6, 6}).castTo(DataType.DOUBLE);
        INDArray queryInputs = Nd4j.randn(rng, new long[] {4, 9, 6}).castTo(DataType.DOUBLE);
        TaskData tasks = new TaskData(supportInputs, labels(4, 6, 3), queryInputs, labels(4, 9, 3));
        Parameters theta = MODEL.initialize(DataType.DOUBLE, 5);
        Diagnostics diagnostics = estimator.estimate(PROBLEM, theta, tasks).diagnostics();
        double[][] independent = TaskEvaluation.afterAdaptation(PROBLEM, theta, tasks);
        assertEquals(Arrays.stream(independent[0]).average().orElseThrow(), diagnostics.queryLossAfter(), 1e-10);
        assertEquals(Arrays.stream(independent[1]).average().orElseThrow(), diagnostics.accuracyAfter(), 1e-12);
    }
}
