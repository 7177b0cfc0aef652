package org.metagrad4j.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.metagrad4j.estimators.Estimators;
import org.metagrad4j.estimators.MetaProblem;
import org.metagrad4j.inner.InnerLoop;
import org.metagrad4j.nn.Activation;
import org.metagrad4j.nn.Loss;
import org.metagrad4j.nn.Mlp;
import org.metagrad4j.nn.Parameters;
import org.metagrad4j.tasks.SinusoidTasks;
import org.metagrad4j.training.OuterOptimizer;
import org.nd4j.linalg.api.buffer.DataType;

/** The ablation harness on a small sinusoid problem in float64. */
class AblationTest {
    private final SinusoidTasks tasks = SinusoidTasks.builder().supportSize(5).querySize(5).dataType(DataType.DOUBLE).build();
    private final Mlp model = Mlp.of(Activation.TANH, 1, 8, 8, 1);
    private final MetaProblem problem = MetaProblem.of(model,
            InnerLoop.builder().steps(2).stepSize(0.05).loss(Loss.meanSquaredError()).build());
    private final Parameters initial = model.initialize(DataType.DOUBLE, 1);

    @Test
    void rowsCompareWithExact() {
        AblationResult result = Ablation.of(problem, tasks)
                .withEstimators(List.of(Estimators.exact(), Estimators.exactRecursive(), Estimators.firstOrder()))
                .withMetaBatchSize(4).withRepeats(1, 3).withTraining(5, OuterOptimizer.adam(1e-3)).withTestTasks(
                        org.metagrad4j.training.MetaBatchSampler.of(tasks), 8).run(initial);
        List<AblationResult.Row> rows = result.rows();
        assertEquals(3, rows.size());
        assertEquals(1.0, rows.get(0).cosine(), 1e-12);
        assertTrue(rows.get(1).relativeError() < 1e-10, "recursion error " + rows.get(1).relativeError());
        assertTrue(rows.get(2).relativeError() > 1e-6, "first-order should differ from exact");
        for (AblationResult.Row row : rows) {
            assertTrue(row.medianMillis() > 0, row.label());
            assertTrue(row.p10Millis() <= row.p90Millis(), row.label());
            assertTrue(row.retainedBytes() > 0, row.label());
            assertTrue(Double.isFinite(row.testLoss()), row.label());
        }
        assertEquals(3, result.toTable().rowCount());
        assertTrue(result.plot().asJavascript("chart").contains("relative error"));
        assertTrue(result.paretoPlot().asJavascript("chart").contains("meta-test loss"));
    }

    @Test
    void implicitMemoryFlatInInnerSteps() {
        SweepResult sweep = Ablation.of(problem, tasks)
                .withEstimators(List.of(Estimators.exact(), Estimators.implicitCg(1.0, 5)))
                .withMetaBatchSize(4).withRepeats(0, 1).sweepInnerSteps(initial, 5, 50);
        List<SweepResult.Point> points = sweep.points();
        long exactK5 = points.get(0).retainedBytes();
        long implicitK5 = points.get(1).retainedBytes();
        long exactK50 = points.get(2).retainedBytes();
        long implicitK50 = points.get(3).retainedBytes();
        assertTrue(exactK50 > 5 * exactK5, "unrolled memory should grow with K: " + exactK5 + " -> " + exactK50);
        assertTrue(Math.abs(implicitK50 - implicitK5) <= 0.05 * implicitK5,
                "iMAML memory should not grow with K: " + implicitK5 + " -> " + implicitK50);
        assertFalse(sweep.plotMemory().asJavascript("chart").isEmpty());
    }

    @Test
    void emptyAblationRejected() {
        Ablation empty = Ablation.of(problem, tasks);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> empty.run(initial));
        assertTrue(e.getMessage().contains("withEstimators"), e.getMessage());
    }
}
