package org.metagrad4j.estimators;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.metagrad4j.curvature.EpsilonPolicy;
import org.metagrad4j.inner.InnerLoop;
import org.metagrad4j.nn.Loss;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.inverse.InvertMatrix;

/** Meta-gradients on a quadratic inner problem against their closed forms, in float64. */
class ClosedFormTest {
    private static final double ALPHA = 0.1;
    private static final int STEPS = 3;
    private final QuadraticProblem quadratic = new QuadraticProblem(4, 3, 42);
    private final InnerLoop inner = InnerLoop.builder().steps(STEPS).stepSize(ALPHA).loss(Loss.meanSquaredError()).build();

    /** mean_t of f(t). */
    private INDArray meanOverTasks(java.util.function.IntFunction<INDArray> f) {
        int tasks = quadratic.supportCentres.length;
        INDArray total = Nd4j.zeros(DataType.DOUBLE, quadratic.dimension);
        for (int t = 0; t < tasks; t++) {
            total.addi(f.apply(t));
        }
        return total.divi(tasks);
    }

    private INDArray exactClosedForm(double alpha, int steps) {
        INDArray jacobian = quadratic.contraction(alpha, steps);
        return meanOverTasks(t -> jacobian.mmul(quadratic.adapted(t, alpha, steps).sub(quadratic.queryCentres[t])
                .reshape(quadratic.dimension, 1)).reshape(quadratic.dimension));
    }

    private INDArray estimate(MetaGradientEstimator estimator, InnerLoop loop) {
        return estimator.estimate(quadratic.problem(loop), quadratic.parameters(), quadratic.tasks()).gradient().value("w");
    }

    private static void assertClose(INDArray expected, INDArray actual, double tolerance, String what) {
        double error = expected.sub(actual).norm2Number().doubleValue() / expected.norm2Number().doubleValue();
        assertTrue(error < tolerance, what + ": relative error " + error + " >= " + tolerance + "; expected " + expected
                + ", got " + actual);
    }

    @Test
    void exactUnrolledMatchesClosedForm() {
        assertClose(exactClosedForm(ALPHA, STEPS), estimate(Estimators.exact(), inner), 1e-10, "unrolled");
    }

    @Test
    void exactRecursionMatchesClosedForm() {
        assertClose(exactClosedForm(ALPHA, STEPS), estimate(Estimators.exactRecursive(), inner), 1e-10, "recursion");
    }

    @Test
    void truncatedWithAllStepsMatchesClosedForm() {
        assertClose(exactClosedForm(ALPHA, STEPS), estimate(Estimators.truncated(STEPS), inner), 1e-10, "truncated T=K");
    }

    @Test
    void finiteDifferenceMatchesClosedForm() {
        // The loss is quadratic, so central differences are exact up to rounding.
        assertClose(exactClosedForm(ALPHA, STEPS), estimate(Estimators.finiteDifference(DataType.DOUBLE), inner), 1e-8,
                "finite difference");
    }

    @Test
    void firstOrderDropsJacobian() {
        INDArray expected = meanOverTasks(t -> quadratic.adapted(t, ALPHA, STEPS).sub(quadratic.queryCentres[t]));
        assertClose(expected, estimate(Estimators.firstOrder(), inner), 1e-10, "first order");
        assertClose(expected, estimate(Estimators.truncated(0), inner), 1e-10, "truncated T=0");
        double gap = exactClosedForm(ALPHA, STEPS).sub(expected).norm2Number().doubleValue();
        assertTrue(gap > 1e-3, "exact and first-order should differ on a curved problem, gap " + gap);
    }

    @Test
    void reptileWithOneStepIsSupportGradient() {
        InnerLoop one = inner.withSteps(1);
        INDArray expected = meanOverTasks(t -> quadratic.a.mmul(quadratic.theta.sub(quadratic.supportCentres[t])
                .reshape(quadratic.dimension, 1)).reshape(quadratic.dimension));
        assertClose(expected, estimate(Estimators.reptile(), one), 1e-10, "Reptile K=1");
    }

    @Test
    void implicitMatchesClosedForm() {
        double lambda = 1.0;
        InnerLoop converged = inner.withSteps(300);
        INDArray identity = Nd4j.eye(quadratic.dimension).castTo(DataType.DOUBLE);
        INDArray system = identity.add(quadratic.a.div(lambda));
        INDArray inverse = InvertMatrix.invert(system, false);
        INDArray proxInverse = InvertMatrix.invert(quadratic.a.add(identity.mul(lambda)), false);
        INDArray expected = meanOverTasks(t -> {
            INDArray c = quadratic.supportCentres[t].reshape(quadratic.dimension, 1);
            INDArray phiStar = proxInverse.mmul(quadratic.a.mmul(c).add(quadratic.theta.reshape(quadratic.dimension, 1).mul(lambda)));
            return inverse.mmul(phiStar.sub(quadratic.queryCentres[t].reshape(quadratic.dimension, 1))).reshape(quadratic.dimension);
        });
        assertClose(expected, estimate(ImplicitMaml.conjugateGradient(lambda, 50, 1e-12), converged), 1e-10, "iMAML CG");
        assertClose(expected, estimate(ImplicitMaml.neumann(lambda, 400, 0.5), converged), 1e-10, "iMAML Neumann");
        assertClose(expected, estimate(ImplicitMaml.conjugateGradient(lambda, 50, 1e-12)
                .withFiniteDifferences(EpsilonPolicy.defaultFor(DataType.DOUBLE)), converged), 1e-7, "iMAML CG finite difference");
    }

    @Test
    void learnedStepSizeGradientMatchesFiniteDifference() {
        InnerLoop learned = inner.withLearnedStepSizes(true);
        var meta = learned.metaParameters(quadratic.parameters());
        var problem = quadratic.problem(learned);
        var tasks = quadratic.tasks();
        var exact = Estimators.exact().estimate(problem, meta, tasks).gradient();
        var recursion = Estimators.exactRecursive().estimate(problem, meta, tasks).gradient();
        INDArray direction = Nd4j.rand(DataType.DOUBLE, quadratic.dimension);
        double h = 1e-6;
        var plus = meta.with("stepSize.w", org.metagrad4j.autodiff.Tensor.constant(meta.value("stepSize.w").add(direction.mul(h))));
        var minus = meta.with("stepSize.w", org.metagrad4j.autodiff.Tensor.constant(meta.value("stepSize.w").sub(direction.mul(h))));
        double numeric = (Estimators.firstOrder().estimate(problem, plus, tasks).diagnostics().queryLossAfter()
                - Estimators.firstOrder().estimate(problem, minus, tasks).diagnostics().queryLossAfter()) / (2 * h);
        double analytic = exact.value("stepSize.w").mul(direction).sumNumber().doubleValue();
        assertEquals(numeric, analytic, 1e-7 * Math.max(1, Math.abs(numeric)));
        assertClose(exact.value("stepSize.w"), recursion.value("stepSize.w"), 1e-10, "recursion step sizes");
        assertClose(exact.value("w"), recursion.value("w"), 1e-10, "recursion with learned step sizes");
    }
}
