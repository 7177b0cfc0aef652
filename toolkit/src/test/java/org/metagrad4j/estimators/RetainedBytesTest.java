package org.metagrad4j.estimators;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.metagrad4j.nn.Parameters;

/**
 * Retained bytes as the inner steps K grow on a sinusoid MLP (float64): the unrolled graph grows
 * linearly with K, the recursion only by its stored iterates, and iMAML not at all.
 */
class RetainedBytesTest {
    private final SinusoidProblem sinusoid = SinusoidProblem.small();
    /** Bytes of one copy of the adapted parameters for the whole meta-batch: N numbers per task, 8 bytes each. */
    private final long copyBytes = sinusoid.parameters.count() * sinusoid.tasks.taskCount() * 8;

    private long retained(MetaGradientEstimator estimator, int steps) {
        MetaProblem problem = sinusoid.problem(SinusoidProblem.innerLoop().withSteps(steps));
        return estimator.estimate(problem, sinusoid.parameters, sinusoid.tasks).diagnostics().retainedBytes();
    }

    @Test
    void unrolledGrowsLinearly() {
        long two = retained(ExactMaml.unrolled(), 2);
        long eight = retained(ExactMaml.unrolled(), 8);
        long thirtyTwo = retained(ExactMaml.unrolled(), 32);
        double earlyPerStep = (eight - two) / 6.0;
        double latePerStep = (thirtyTwo - eight) / 24.0;
        assertTrue(earlyPerStep > 0, "unrolled retained bytes should grow from K = 2 (" + two + ") to K = 8 (" + eight + ")");
        assertEquals(earlyPerStep, latePerStep, 0.1 * earlyPerStep,
                "bytes per inner step for K = 2..8 and K = 8..32 should agree for linear growth");
    }

    @Test
    void implicitIndependentOfSteps() {
        ImplicitMaml implicit = ImplicitMaml.conjugateGradient(10.0, 10, 1e-6);
        long five = retained(implicit, 5);
        long fifty = retained(implicit, 50);
        assertEquals(five, fifty, 0.05 * five, "iMAML retained bytes at K = 50 against K = 5");
    }

    @Test
    void recursionGrowsByIterates() {
        long two = retained(HessianVectorRecursion.exact(), 2);
        long thirtyTwo = retained(HessianVectorRecursion.exact(), 32);
        long oneStepTape = retained(ExactMaml.unrolled(), 1);
        assertTrue(thirtyTwo - two <= 30 * copyBytes, "recursion grew by " + (thirtyTwo - two) + " bytes from K = 2 to 32, "
                + "more than 30 stored iterates of " + copyBytes + " bytes");
        assertTrue(thirtyTwo <= 35 * copyBytes + oneStepTape, "recursion at K = 32 retains " + thirtyTwo
                + " bytes, more than (K + 3) iterates of " + copyBytes + " bytes plus one step's tape of " + oneStepTape);
    }

    @Test
    void repeatedEstimatesRetainSame() {
        MetaProblem problem = sinusoid.problem(SinusoidProblem.innerLoop());
        Parameters meta = sinusoid.parameters;
        MetaGradientEstimator[] estimators = {ExactMaml.unrolled(), HessianVectorRecursion.exact(), new FirstOrderMaml(),
            ImplicitMaml.conjugateGradient(10.0, 10, 1e-6)};
        for (MetaGradientEstimator estimator : estimators) {
            long first = estimator.estimate(problem, meta, sinusoid.tasks).diagnostics().retainedBytes();
            long second = estimator.estimate(problem, meta, sinusoid.tasks).diagnostics().retainedBytes();
            long third = estimator.estimate(problem, meta, sinusoid.tasks).diagnostics().retainedBytes();
            assertEquals(first, second, estimator.name() + ": second estimate");
            assertEquals(first, third, estimator.name() + ": third estimate");
        }
    }
}
