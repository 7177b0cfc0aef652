package org.metagrad4j.surrogates;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.metagrad4j.autodiff.Tensor;
import org.metagrad4j.estimators.ExactMaml;
import org.metagrad4j.estimators.HessianVectorRecursion;
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

/** Losses on a subset of the outputs: equal to the full loss on every output, sampling, estimators and errors (float64). */
class OutputSubsetLossTest {
    private static final long[] SEEDS = {101, 202, 303};
    private final Tensor logits = Tensor.constant(normal(1, 3, 6, 10));
    /** Each task uses four of the ten classes. */
    private final INDArray labels = Nd4j.createFromArray(new long[][] {
        {0, 1, 2, 3, 0, 1}, {4, 5, 6, 7, 4, 5}, {9, 8, 2, 0, 9, 8}});

    private static INDArray normal(long seed, long... shape) {
        return Nd4j.randn(Initializers.generator(seed), shape).castTo(DataType.DOUBLE);
    }

    private static double maxAbsDifference(INDArray a, INDArray b) {
        return a.sub(b).amaxNumber().doubleValue();
    }

    @Test
    void everyClassEqualsFullLoss() {
        INDArray full = Loss.crossEntropy().perTask(logits, labels).value();

        INDArray sampled = OutputSubsetLoss.sampledClasses(Loss.crossEntropy(), 10, 7).perTask(logits, labels, 3, SEEDS).value();
        INDArray fixed = OutputSubsetLoss.fixedClasses(Loss.crossEntropy(), 9, 8, 7, 6, 5, 4, 3, 2, 1, 0)
                .perTask(logits, labels, 0, SEEDS).value();

        assertTrue(maxAbsDifference(full, sampled) < 1e-14, "sampled subset of all 10 classes");
        assertTrue(maxAbsDifference(full, fixed) < 1e-14, "fixed subset of all 10 classes");
    }

    @Test
    void everyOutputEqualsFullLoss() {
        Tensor predictions = Tensor.constant(normal(2, 3, 5, 4));
        INDArray targets = normal(3, 3, 5, 4);

        INDArray full = Loss.meanSquaredError().perTask(predictions, targets).value();
        INDArray subset = OutputSubsetLoss.sampledOutputs(Loss.meanSquaredError(), 4, 1).perTask(predictions, targets, 2, SEEDS)
                .value();

        assertTrue(maxAbsDifference(full, subset) < 1e-14);
    }

    @Test
    void sampledSubsetKeepsTaskClasses() {
        OutputSubsetLoss loss = OutputSubsetLoss.sampledClasses(Loss.crossEntropy(), 5, 7);
        INDArray full = Loss.crossEntropy().perTask(logits, labels).value();

        INDArray step0 = loss.perTask(logits, labels, 0, SEEDS).value();
        INDArray step0Again = loss.perTask(logits, labels, 0, SEEDS).value();
        INDArray step1 = loss.perTask(logits, labels, 1, SEEDS).value();

        assertEquals(0.0, maxAbsDifference(step0, step0Again), 0.0, "the same step and task seeds draw the same subset");
        assertNotEquals(0.0, maxAbsDifference(step0, step1), "another step draws another subset");
        // The normaliser runs over fewer classes that include the label, so each task's loss can only fall.
        for (int t = 0; t < 3; t++) {
            assertTrue(step0.getDouble(t) <= full.getDouble(t) + 1e-12, "task " + t + ": subset loss " + step0.getDouble(t)
                    + " above full loss " + full.getDouble(t));
        }
    }

    @Test
    void withoutStepIsFullLoss() {
        OutputSubsetLoss loss = OutputSubsetLoss.sampledClasses(Loss.crossEntropy(), 5, 7);

        INDArray plain = loss.perTask(logits, labels).value();

        assertEquals(0.0, maxAbsDifference(plain, Loss.crossEntropy().perTask(logits, labels).value()), 0.0);
    }

    @Test
    void estimatorsAgreeOnStepSamples() {
        Mlp model = Mlp.of(Activation.TANH, 3, 8, 10);
        InnerLoop inner = InnerLoop.builder().steps(3).stepSize(0.5)
                .loss(OutputSubsetLoss.sampledClasses(Loss.crossEntropy(), 6, 11)).build();
        MetaProblem problem = new MetaProblem(model, inner, OuterLoss.of(Loss.crossEntropy()));
        TaskData tasks = new TaskData(normal(4, 3, 6, 3), labels, normal(5, 3, 6, 3), labels, SEEDS);
        Parameters theta = model.initialize(DataType.DOUBLE, 1);

        Parameters unrolled = ExactMaml.unrolled().estimate(problem, theta, tasks).gradient();
        Parameters recursion = HessianVectorRecursion.exact().estimate(problem, theta, tasks).gradient();
        Parameters fullLoss = ExactMaml.unrolled().estimate(MetaProblem.of(model, inner.withLoss(Loss.crossEntropy())), theta, tasks)
                .gradient();

        double error = unrolled.sub(recursion).norm() / unrolled.norm();
        assertTrue(error < 1e-10, "unrolled and recursion see the same per-step subsets: relative difference " + error);
        assertTrue(unrolled.sub(fullLoss).norm() > 1e-6 * fullLoss.norm(), "a 6-of-10 subset changes the meta-gradient");
    }

    @Test
    void subsetExcludingTaskClassRejected() {
        OutputSubsetLoss fixed = OutputSubsetLoss.fixedClasses(Loss.crossEntropy(), 0, 1, 2, 3, 4, 5, 6, 7);
        OutputSubsetLoss tooSmall = OutputSubsetLoss.sampledClasses(Loss.crossEntropy(), 3, 7);

        IllegalArgumentException excluded = assertThrows(IllegalArgumentException.class,
                () -> fixed.perTask(logits, labels, 0, SEEDS));
        IllegalArgumentException small = assertThrows(IllegalArgumentException.class,
                () -> tooSmall.perTask(logits, labels, 0, SEEDS));

        assertTrue(excluded.getMessage().contains("excludes class 8"), excluded.getMessage());
        assertTrue(excluded.getMessage().contains("task 2"), excluded.getMessage());
        assertTrue(small.getMessage().contains("size 3"), small.getMessage());
        assertTrue(small.getMessage().contains("at least 4"), small.getMessage());
    }

    @Test
    void sizeAboveOutputsRejected() {
        OutputSubsetLoss loss = OutputSubsetLoss.sampledClasses(Loss.crossEntropy(), 12, 7);

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> loss.perTask(logits, labels, 0, SEEDS));

        assertTrue(e.getMessage().contains("12"), e.getMessage());
        assertTrue(e.getMessage().contains("at most 10"), e.getMessage());
    }
}
