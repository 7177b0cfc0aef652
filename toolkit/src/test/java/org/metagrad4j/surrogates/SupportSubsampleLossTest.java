package org.metagrad4j.surrogates;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.metagrad4j.estimators.ExactMaml;
import org.metagrad4j.estimators.HessianVectorRecursion;
import org.metagrad4j.estimators.MetaGradient;
import org.metagrad4j.estimators.MetaProblem;
import org.metagrad4j.estimators.OuterLoss;
import org.metagrad4j.estimators.TaskData;
import org.metagrad4j.inner.InnerLoop;
import org.metagrad4j.nn.Activation;
import org.metagrad4j.nn.Initializers;
import org.metagrad4j.nn.Loss;
import org.metagrad4j.nn.Mlp;
import org.metagrad4j.nn.Parameters;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The inner loss on a subsample of the support set: draws, agreement of estimators, cost and errors (float64). */
class SupportSubsampleLossTest {
    private static final long[] SEEDS = {5, 6};
    private final Mlp model = Mlp.of(Activation.TANH, 2, 16, 1);
    private final Parameters theta = model.initialize(DataType.DOUBLE, 1);
    private final TaskData tasks = new TaskData(normal(1, 2, 20, 2), normal(2, 2, 20, 1), normal(3, 2, 20, 2),
            normal(4, 2, 20, 1), SEEDS);

    private static INDArray normal(long seed, long... shape) {
        return Nd4j.randn(Initializers.generator(seed), shape).castTo(DataType.DOUBLE);
    }

    private MetaProblem problem(Loss innerLoss) {
        InnerLoop inner = InnerLoop.builder().steps(3).stepSize(0.1).loss(innerLoss).build();
        return new MetaProblem(model, inner, OuterLoss.of(Loss.meanSquaredError()));
    }

    @Test
    void drawsDependOnStepAndTask() {
        SupportSubsampleLoss loss = SupportSubsampleLoss.of(Loss.meanSquaredError(), 5, 3);

        long[][] step0 = loss.supportExamples(0, SEEDS, 20);
        long[][] step1 = loss.supportExamples(1, SEEDS, 20);

        assertArrayEquals(step0[0], loss.supportExamples(0, SEEDS, 20)[0], "same step, same draw");
        assertNotEquals(Arrays.toString(step0[0]), Arrays.toString(step1[0]), "another step, another draw");
        assertNotEquals(Arrays.toString(step0[0]), Arrays.toString(step0[1]), "another task, another draw");
        assertTrue(Arrays.stream(step0[0]).distinct().count() == 5, "without replacement: " + Arrays.toString(step0[0]));
    }

    @Test
    void everyExampleEqualsFullLoss() {
        Parameters full = ExactMaml.unrolled().estimate(problem(Loss.meanSquaredError()), theta, tasks).gradient();
        Parameters subsample = ExactMaml.unrolled()
                .estimate(problem(SupportSubsampleLoss.of(Loss.meanSquaredError(), 20, 3)), theta, tasks).gradient();

        assertTrue(full.sub(subsample).norm() < 1e-12 * full.norm(), "a subsample of all 20 examples is the full support set");
    }

    @Test
    void estimatorsAgreeAndRetainLess() {
        MetaProblem subsampled = problem(SupportSubsampleLoss.of(Loss.meanSquaredError(), 5, 3));

        MetaGradient unrolled = ExactMaml.unrolled().estimate(subsampled, theta, tasks);
        MetaGradient recursion = HessianVectorRecursion.exact().estimate(subsampled, theta, tasks);
        MetaGradient full = ExactMaml.unrolled().estimate(problem(Loss.meanSquaredError()), theta, tasks);

        double error = unrolled.relativeError(recursion);
        assertTrue(error < 1e-10, "unrolled and recursion see the same subsamples: relative difference " + error);
        assertTrue(unrolled.diagnostics().retainedBytes() < full.diagnostics().retainedBytes(), "5 of 20 examples retain "
                + unrolled.diagnostics().retainedBytes() + " bytes, the full support set " + full.diagnostics().retainedBytes());
    }

    @Test
    void sizeAboveSupportRejected() {
        MetaProblem tooLarge = problem(SupportSubsampleLoss.of(Loss.meanSquaredError(), 25, 3));

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ExactMaml.unrolled().estimate(tooLarge, theta, tasks));

        assertTrue(e.getMessage().contains("25"), e.getMessage());
        assertTrue(e.getMessage().contains("at most 20"), e.getMessage());
    }

    @Test
    void nonPositiveSizeRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SupportSubsampleLoss.of(Loss.meanSquaredError(), 0, 3));

        assertTrue(e.getMessage().contains("got 0"), e.getMessage());
    }
}
