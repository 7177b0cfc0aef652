package org.metagrad4j.estimators;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.metagrad4j.inner.AdaptedSubset;
import org.metagrad4j.inner.InnerLoop;
import org.metagrad4j.inner.InnerOptimizer;
import org.metagrad4j.nn.Parameters;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.rng.Random;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Exact meta-gradients on a sinusoid MLP (T = 3, K = 3, α = 0.05, float64) against central
 * differences of the whole meta-objective F(θ) along a seeded random direction in each
 * meta-parameter entry, so every weight, bias and step size is checked on its own.
 */
class ExactMetaGradientTest {
    /** Central-difference step: the truncation error scales as h² = 1e-10 and the rounding error as δ/h ≈ 1e-11. */
    private static final double H = 1e-5;
    /** Bound on |numeric − analytic| relative to ‖gradient entry‖·‖direction‖. */
    private static final double TOLERANCE = 1e-6;

    private final SinusoidProblem sinusoid = SinusoidProblem.small();

    private void assertMatchesDifferences(InnerLoop inner, MetaGradientEstimator... estimators) {
        MetaProblem problem = sinusoid.problem(inner);
        Parameters meta = inner.metaParameters(sinusoid.parameters);
        List<Parameters> gradients = new ArrayList<>();
        for (MetaGradientEstimator estimator : estimators) {
            gradients.add(estimator.estimate(problem, meta, sinusoid.tasks).gradient());
        }
        Random rng = Nd4j.getRandomFactory().getNewRandomInstance(11);
        for (String name : meta.names()) {
            INDArray direction = Nd4j.randn(rng, meta.value(name).shape()).castTo(DataType.DOUBLE);
            double numeric = SinusoidProblem.directionalDifference(problem, meta, sinusoid.tasks, name, direction, H);
            for (int i = 0; i < estimators.length; i++) {
                INDArray gradient = gradients.get(i).value(name);
                double analytic = gradient.mul(direction).sumNumber().doubleValue();
                double scale = gradient.norm2Number().doubleValue() * direction.norm2Number().doubleValue();
                assertTrue(Math.abs(numeric - analytic) <= TOLERANCE * scale, estimators[i].name() + " with " + inner + ", '"
                        + name + "': directional derivative " + analytic + ", central difference of F " + numeric + ", scale "
                        + scale);
            }
        }
    }

    private InnerLoop headOnly() {
        return SinusoidProblem.innerLoop().withAdapted(AdaptedSubset.only(sinusoid.mlp.headParameterNames()));
    }

    @Test
    void allAdapted() {
        assertMatchesDifferences(SinusoidProblem.innerLoop(), ExactMaml.unrolled(), HessianVectorRecursion.exact());
    }

    @Test
    void headOnlyWithFrozenBody() {
        // The frozen hidden layers get their gradient through the mixed second derivatives too.
        assertMatchesDifferences(headOnly(), ExactMaml.unrolled(), HessianVectorRecursion.exact());
    }

    @Test
    void learnedStepSizes() {
        assertMatchesDifferences(SinusoidProblem.innerLoop().withLearnedStepSizes(true), ExactMaml.unrolled(),
                HessianVectorRecursion.exact());
    }

    @Test
    void unrolledMomentum() {
        assertMatchesDifferences(SinusoidProblem.innerLoop().withOptimizer(InnerOptimizer.momentum(0.9)), ExactMaml.unrolled());
    }

    @Test
    void unrolledAdam() {
        InnerLoop adam = SinusoidProblem.innerLoop().withStepSize(0.01).withOptimizer(InnerOptimizer.adam());
        assertMatchesDifferences(adam, ExactMaml.unrolled());
    }

    @Test
    void unrolledAdamHeadOnly() {
        InnerLoop adam = headOnly().withStepSize(0.01).withOptimizer(InnerOptimizer.adam());
        assertMatchesDifferences(adam, ExactMaml.unrolled());
    }

    @Test
    void exactDiffersFromFirstOrder() {
        MetaProblem problem = sinusoid.problem(SinusoidProblem.innerLoop());
        MetaGradient exact = ExactMaml.unrolled().estimate(problem, sinusoid.parameters, sinusoid.tasks);
        MetaGradient firstOrder = new FirstOrderMaml().estimate(problem, sinusoid.parameters, sinusoid.tasks);
        double gap = firstOrder.relativeError(exact);
        assertTrue(gap > 0.1, "first-order should differ from exact where the support Hessian is non-zero, relative gap " + gap);
    }
}
