package org.metagrad4j.estimators;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.metagrad4j.autodiff.Tensor;
import org.metagrad4j.inner.InnerLoop;
import org.metagrad4j.inner.InnerOptimizer;
import org.metagrad4j.nn.Activation;
import org.metagrad4j.nn.Loss;
import org.metagrad4j.nn.Mlp;
import org.metagrad4j.nn.Parameters;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The exact estimator through an Adam inner loop where some parameters have an exactly zero
 * support gradient, so Adam's second-moment estimate is zero there (float64).
 */
class AdamZeroGradientTest {
    private static final int DEAD_UNIT = 2;

    private final SinusoidProblem sinusoid = SinusoidProblem.small();
    private final Mlp relu = Mlp.of(Activation.RELU, 1, 8, 8, 1);
    private final InnerLoop adam = InnerLoop.builder().steps(3).stepSize(0.01).optimizer(InnerOptimizer.adam())
            .loss(Loss.meanSquaredError()).build();

    /** ReLU parameters with first-layer unit {@link #DEAD_UNIT} inactive for every input in [−5, 5]. */
    private Parameters withDeadUnit() {
        Parameters parameters = relu.initialize(DataType.DOUBLE, 7);
        INDArray bias = parameters.value("hidden0.bias").dup();
        // |w·x| ≤ √6 · 5 < 13 for Kaiming-uniform weights and |x| ≤ 5, so a bias of −100 keeps the unit at zero.
        bias.putScalar(DEAD_UNIT, -100.0);
        return parameters.with("hidden0.bias", Tensor.constant(bias));
    }

    private static void assertAllFinite(Parameters gradient) {
        for (String name : gradient.names()) {
            double sum = gradient.value(name).sumNumber().doubleValue();
            assertTrue(Double.isFinite(sum), "'" + name + "' contains NaN or infinity: " + gradient.value(name));
        }
    }

    @Test
    void deadUnitGivesZero() {
        MetaGradient estimate = ExactMaml.unrolled().estimate(MetaProblem.of(relu, adam), withDeadUnit(), sinusoid.tasks);
        Parameters gradient = estimate.gradient();

        assertAllFinite(gradient);
        assertEquals(0.0, gradient.value("hidden0.bias").getDouble(DEAD_UNIT), "dead unit's bias");
        INDArray incoming = gradient.value("hidden0.weight").get(NDArrayIndex.all(), NDArrayIndex.point(DEAD_UNIT));
        assertEquals(0.0, incoming.norm2Number().doubleValue(), "dead unit's incoming weights");
        INDArray outgoing = gradient.value("hidden1.weight").get(NDArrayIndex.point(DEAD_UNIT), NDArrayIndex.all());
        assertEquals(0.0, outgoing.norm2Number().doubleValue(), "dead unit's outgoing weights");
        assertTrue(gradient.value("head.weight").norm2Number().doubleValue() > 0, "live parameters should get a gradient");
    }

    @Test
    void deadUnitMatchesDifferences() {
        MetaProblem problem = MetaProblem.of(relu, adam);
        Parameters meta = withDeadUnit();
        Parameters gradient = ExactMaml.unrolled().estimate(problem, meta, sinusoid.tasks).gradient();
        for (String name : meta.names()) {
            INDArray direction = Nd4j.ones(DataType.DOUBLE, meta.value(name).shape());
            double numeric = SinusoidProblem.directionalDifference(problem, meta, sinusoid.tasks, name, direction, 1e-6);
            double analytic = gradient.value(name).sumNumber().doubleValue();
            double scale = gradient.value(name).norm2Number().doubleValue() * direction.norm2Number().doubleValue();
            assertEquals(numeric, analytic, 1e-5 * Math.max(scale, 1e-3), "'" + name + "'");
        }
    }

    @Test
    void unusedParameterGivesZero() {
        // A meta-parameter the model never reads has a zero gradient at every inner step.
        Parameters meta = sinusoid.parameters.with("unused", Tensor.constant(Nd4j.ones(DataType.DOUBLE, 3)));
        InnerLoop tanhAdam = adam.withStepSize(0.01);
        MetaGradient estimate = ExactMaml.unrolled().estimate(sinusoid.problem(tanhAdam), meta, sinusoid.tasks);

        assertAllFinite(estimate.gradient());
        assertEquals(0.0, estimate.gradient().value("unused").norm2Number().doubleValue(), "unused parameter");
    }
}
