package org.metagrad4j.estimators;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.metagrad4j.curvature.EpsilonPolicy;
import org.metagrad4j.inner.AdaptedSubset;
import org.metagrad4j.inner.InnerLoop;
import org.metagrad4j.inner.InnerOptimizer;
import org.metagrad4j.nn.Parameters;
import org.nd4j.linalg.api.buffer.DataType;

/** Every estimator on a meta-batch of T = 3 tasks equals the mean of its estimates on each task alone (float64). */
class BatchedTasksTest {
    private final SinusoidProblem sinusoid = SinusoidProblem.small();

    private void assertBatchedEqualsMean(MetaGradientEstimator estimator, InnerLoop inner, double tolerance) {
        MetaProblem problem = sinusoid.problem(inner);
        Parameters meta = inner.metaParameters(sinusoid.parameters);
        MetaGradient batched = estimator.estimate(problem, meta, sinusoid.tasks);
        int taskCount = sinusoid.tasks.taskCount();
        Parameters sum = null;
        for (int t = 0; t < taskCount; t++) {
            Parameters single = estimator.estimate(problem, meta, sinusoid.tasks.task(t)).gradient();
            sum = sum == null ? single : sum.add(single);
        }
        Parameters mean = sum.scale(1.0 / taskCount);
        double error = SinusoidProblem.relativeError(batched.gradient(), mean);
        assertTrue(error < tolerance, estimator.name() + " with " + inner + ": batched against per-task mean, relative error "
                + error + ", tolerance " + tolerance);
        assertFalse(batched.diagnostics().negativeCurvature(), batched.diagnostics().toString());
        assertFalse(batched.diagnostics().diverged(), batched.diagnostics().toString());
    }

    @Test
    void exactEstimators() {
        InnerLoop inner = SinusoidProblem.innerLoop();
        for (MetaGradientEstimator estimator : List.of(ExactMaml.unrolled(), HessianVectorRecursion.exact(), ExactMaml.truncated(1))) {
            assertBatchedEqualsMean(estimator, inner, 1e-12);
        }
    }

    @Test
    void firstOrderAndReptile() {
        InnerLoop inner = SinusoidProblem.innerLoop();
        for (MetaGradientEstimator estimator : List.of(new FirstOrderMaml(), new Reptile())) {
            assertBatchedEqualsMean(estimator, inner, 1e-12);
        }
    }

    @Test
    void headOnlyLearnedStepSizes() {
        InnerLoop inner = SinusoidProblem.innerLoop().withLearnedStepSizes(true)
                .withAdapted(AdaptedSubset.only(sinusoid.mlp.headParameterNames()));
        for (MetaGradientEstimator estimator : List.of(ExactMaml.unrolled(), HessianVectorRecursion.exact(), new FirstOrderMaml())) {
            assertBatchedEqualsMean(estimator, inner, 1e-12);
        }
    }

    @Test
    void unrolledAdam() {
        InnerLoop inner = SinusoidProblem.innerLoop().withStepSize(0.01).withOptimizer(InnerOptimizer.adam());
        assertBatchedEqualsMean(ExactMaml.unrolled(), inner, 1e-12);
    }

    @Test
    void finiteDifferenceFixedEpsilon() {
        // With a fixed ε every task's product uses the same step alone or batched.
        assertBatchedEqualsMean(HessianVectorRecursion.finiteDifference(EpsilonPolicy.fixed(1e-4)), SinusoidProblem.innerLoop(),
                1e-9);
    }

    @Test
    void finiteDifferenceDefaultPolicy() {
        // The relative policy reads the norms of the whole batch, so ε differs per call and only the O(ε²) error remains.
        assertBatchedEqualsMean(HessianVectorRecursion.finiteDifference(EpsilonPolicy.defaultFor(DataType.DOUBLE)),
                SinusoidProblem.innerLoop(), 1e-7);
    }

    @Test
    void implicitSolvers() {
        InnerLoop inner = SinusoidProblem.innerLoop().withSteps(10);
        // The batch is solved as one block-diagonal system, so CG agrees only to its tolerance.
        assertBatchedEqualsMean(ImplicitMaml.conjugateGradient(10, 100, 1e-11), inner, 1e-8);
        // Neumann terms are linear per block: the same partial sum alone or batched.
        assertBatchedEqualsMean(ImplicitMaml.neumann(10, 30, 0.5), inner, 1e-12);
    }
}
