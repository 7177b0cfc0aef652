package org.metagrad4j.estimators;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.metagrad4j.curvature.EpsilonPolicy;
import org.metagrad4j.nn.Parameters;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * The finite-difference recursion against the exact meta-gradient on a sinusoid MLP as ε varies:
 * truncation error O(ε²) dominates for large ε, rounding error O(δ/ε) for tiny ε.
 */
class FiniteDifferenceEpsilonTest {
    private final SinusoidProblem sinusoid = SinusoidProblem.small();
    private final MetaProblem problem = sinusoid.problem(SinusoidProblem.innerLoop());
    private final Parameters exact = ExactMaml.unrolled().estimate(problem, sinusoid.parameters, sinusoid.tasks).gradient();

    private double error(double epsilon) {
        Parameters estimate = HessianVectorRecursion.finiteDifference(EpsilonPolicy.fixed(epsilon))
                .estimate(problem, sinusoid.parameters, sinusoid.tasks).gradient();
        return SinusoidProblem.relativeError(estimate, exact);
    }

    @Test
    void errorFallsWithEpsilon() {
        double[] epsilons = {1e-1, 1e-2, 1e-3, 1e-4};
        double previous = error(epsilons[0]);
        for (int i = 1; i < epsilons.length; i++) {
            double current = error(epsilons[i]);
            assertTrue(current < previous, "relative error at ε = " + epsilons[i] + " is " + current + ", not below "
                    + previous + " at ε = " + epsilons[i - 1]);
            previous = current;
        }
    }

    @Test
    void roundingDominatesTinyEpsilon() {
        double moderate = error(1e-5);
        double tiny = error(1e-12);
        assertTrue(tiny > moderate, "relative error at ε = 1e-12 is " + tiny + ", expected above " + moderate + " at ε = 1e-5");
    }

    @Test
    void defaultPolicyFloat64() {
        double error = SinusoidProblem.relativeError(Estimators.finiteDifference(DataType.DOUBLE)
                .estimate(problem, sinusoid.parameters, sinusoid.tasks).gradient(), exact);
        assertTrue(error < 1e-7, "float64 default policy: relative error " + error + ", tolerance 1e-7");
    }

    @Test
    void defaultPolicyFloat32() {
        // The same seeds give the same tasks and initial parameters, rounded to float32.
        SinusoidProblem single = new SinusoidProblem(8, 3, 10, DataType.FLOAT, 7);
        MetaGradient estimate = Estimators.finiteDifference(DataType.FLOAT)
                .estimate(single.problem(SinusoidProblem.innerLoop()), single.parameters, single.tasks);
        double cosine = estimate.gradient().castTo(DataType.DOUBLE).dot(exact) / (estimate.gradient().norm() * exact.norm());
        assertTrue(cosine > 0.99, "float32 default policy: cosine to the float64 exact meta-gradient " + cosine + ", tolerance 0.99");
    }
}
