package org.metagrad4j.estimators;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.metagrad4j.autodiff.Tensor;
import org.metagrad4j.curvature.EpsilonPolicy;
import org.metagrad4j.inner.InnerLoop;
import org.metagrad4j.nn.Loss;
import org.metagrad4j.nn.Losses;
import org.metagrad4j.nn.Module;
import org.metagrad4j.nn.Parameters;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.rng.Random;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.inverse.InvertMatrix;

/**
 * iMAML on ridge regression against its closed form, and its curvature diagnostics on an
 * indefinite quadratic, in float64.
 *
 * <p>Ridge regression: L_S(w) = ½‖Xw − y‖²/n, so with H = XᵀX/n the proximal solution is
 * φ* = (H + λI)^{-1}(Xᵀy/n + λθ) and the meta-gradient is mean_i (I + H_i/λ)^{-1} ∇L_Q(φ*_i).
 */
class ImplicitMamlTest {
    private static final int FEATURES = 4;
    private static final int EXAMPLES = 20;
    private static final int TASKS = 3;
    private static final double LAMBDA = 1.0;

    /**
     * Plain SGD on L_S + (λ/2)‖φ − θ‖², whose Hessian H + λI has eigenvalues in [1.28, 2.61] for
     * these tasks, so 150 steps of 0.2 shrink the error to 0.74^150 ≈ 1e-20 of its start.
     */
    private static final InnerLoop CONVERGED = InnerLoop.builder().steps(150).stepSize(0.2).loss(halfMeanSquaredError()).build();

    private final Random rng = Nd4j.getRandomFactory().getNewRandomInstance(3);
    private final INDArray supportX = Nd4j.randn(rng, new long[] {TASKS, EXAMPLES, FEATURES}).castTo(DataType.DOUBLE);
    private final INDArray supportY = Nd4j.randn(rng, new long[] {TASKS, EXAMPLES, 1}).castTo(DataType.DOUBLE);
    private final INDArray queryX = Nd4j.randn(rng, new long[] {TASKS, EXAMPLES, FEATURES}).castTo(DataType.DOUBLE);
    private final INDArray queryY = Nd4j.randn(rng, new long[] {TASKS, EXAMPLES, 1}).castTo(DataType.DOUBLE);
    private final INDArray theta = Nd4j.randn(rng, new long[] {FEATURES}).castTo(DataType.DOUBLE);
    private final TaskData tasks = new TaskData(supportX, supportY, queryX, queryY);

    private static Loss halfMeanSquaredError() {
        return (predictions, targets) -> Losses.meanSquaredError(predictions, targets).mul(0.5);
    }

    /** Linear regression without bias: predictions X·w for w [d] or per-task w [T, d]. */
    private static Module linearWithoutBias() {
        return new Module() {
            @Override
            public LinkedHashMap<String, long[]> parameterShapes() {
                LinkedHashMap<String, long[]> shapes = new LinkedHashMap<>();
                shapes.put("w", new long[] {FEATURES});
                return shapes;
            }

            @Override
            public int exampleRank() {
                return 1;
            }

            @Override
            public Parameters initialize(DataType type, long seed) {
                return Parameters.of(Map.of("w", Nd4j.zeros(type, FEATURES)));
            }

            @Override
            public Tensor forward(Parameters parameters, Tensor input) {
                Tensor w = parameters.get("w");
                Tensor column = w.rank() == 2 ? w.reshape(w.size(0), FEATURES, 1) : w.reshape(FEATURES, 1);
                return input.matmul(column);
            }
        };
    }

    private MetaProblem ridge(InnerLoop inner) {
        return new MetaProblem(linearWithoutBias(), inner, OuterLoss.of(halfMeanSquaredError()));
    }

    private static INDArray task(INDArray stacked, int t) {
        return stacked.get(NDArrayIndex.point(t), NDArrayIndex.all(), NDArrayIndex.all());
    }

    private INDArray closedForm() {
        INDArray identity = Nd4j.eye(FEATURES).castTo(DataType.DOUBLE);
        INDArray total = Nd4j.zeros(DataType.DOUBLE, FEATURES, 1);
        for (int t = 0; t < TASKS; t++) {
            INDArray x = task(supportX, t);
            INDArray hessian = x.transpose().mmul(x).divi(EXAMPLES);
            INDArray proximalRhs = x.transpose().mmul(task(supportY, t)).divi(EXAMPLES).addi(theta.reshape(FEATURES, 1).mul(LAMBDA));
            INDArray phiStar = InvertMatrix.invert(hessian.add(identity.mul(LAMBDA)), false).mmul(proximalRhs);
            INDArray xq = task(queryX, t);
            INDArray queryGradient = xq.transpose().mmul(xq.mmul(phiStar).subi(task(queryY, t))).divi(EXAMPLES);
            total.addi(InvertMatrix.invert(identity.add(hessian.div(LAMBDA)), false).mmul(queryGradient));
        }
        return total.divi(TASKS).reshape(FEATURES);
    }

    private INDArray estimate(MetaGradientEstimator estimator) {
        return estimator.estimate(ridge(CONVERGED), Parameters.of(Map.of("w", theta)), tasks).gradient().value("w");
    }

    private static void assertClose(INDArray expected, INDArray actual, double tolerance, String label) {
        double error = actual.sub(expected).norm2Number().doubleValue() / expected.norm2Number().doubleValue();
        assertTrue(error < tolerance, label + ": relative error " + error + ", tolerance " + tolerance + "; expected " + expected
                + ", got " + actual);
    }

    @Test
    void ridgeConjugateGradient() {
        assertClose(closedForm(), estimate(ImplicitMaml.conjugateGradient(LAMBDA, 20, 1e-12)), 1e-10, "CG");
    }

    @Test
    void ridgeNeumann() {
        // The eigenvalues of I + H/λ lie in [1.28, 2.61] here, so η = 0.3 scales each term by a factor of at most 0.62.
        assertClose(closedForm(), estimate(ImplicitMaml.neumann(LAMBDA, 400, 0.3)), 1e-10, "Neumann");
    }

    @Test
    void ridgeFiniteDifferences() {
        // The loss is quadratic, so central differences are exact up to rounding.
        ImplicitMaml implicit = ImplicitMaml.conjugateGradient(LAMBDA, 20, 1e-12)
                .withFiniteDifferences(EpsilonPolicy.defaultFor(DataType.DOUBLE));
        assertClose(closedForm(), estimate(implicit), 1e-7, "CG with finite differences");
    }

    @Test
    void ridgeConvergedSolverDiagnostics() {
        Diagnostics diagnostics = ImplicitMaml.conjugateGradient(LAMBDA, 20, 1e-12)
                .estimate(ridge(CONVERGED), Parameters.of(Map.of("w", theta)), tasks).diagnostics();
        assertFalse(diagnostics.negativeCurvature(), diagnostics.toString());
        assertFalse(diagnostics.diverged(), diagnostics.toString());
        assertTrue(diagnostics.solverIterations() <= TASKS * FEATURES, diagnostics.toString());
    }

    /** Estimates on a quadratic whose support Hessian A has eigenvalue −2, so I + A/λ is indefinite for λ < 2. */
    private Diagnostics indefiniteDiagnostics(ImplicitMaml implicit) {
        QuadraticProblem quadratic = new QuadraticProblem(2, 17, -2.0, 0.5, 1.0, 2.0);
        InnerLoop inner = InnerLoop.builder().steps(3).stepSize(0.1).loss(Loss.meanSquaredError()).build();
        return implicit.estimate(quadratic.problem(inner), quadratic.parameters(), quadratic.tasks()).diagnostics();
    }

    @Test
    void indefiniteConjugateGradient() {
        Diagnostics diagnostics = indefiniteDiagnostics(ImplicitMaml.conjugateGradient(1.0, 20, 1e-10));
        assertTrue(diagnostics.negativeCurvature(), diagnostics.toString());
        assertTrue(diagnostics.note().contains("negative curvature"), diagnostics.note());
    }

    @Test
    void indefiniteConjugateGradientLargeLambda() {
        // λ = 4 > −λ_min = 2 makes I + A/λ positive definite again.
        Diagnostics diagnostics = indefiniteDiagnostics(ImplicitMaml.conjugateGradient(4.0, 20, 1e-10));
        assertFalse(diagnostics.negativeCurvature(), diagnostics.toString());
    }

    @Test
    void indefiniteNeumann() {
        Diagnostics diagnostics = indefiniteDiagnostics(ImplicitMaml.neumann(1.0, 100, 0.5));
        assertTrue(diagnostics.diverged(), diagnostics.toString());
    }
}
