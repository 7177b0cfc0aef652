package org.metagrad4j.linalg;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.rng.Random;

/** Conjugate gradient against direct solves on seeded float64 systems. */
class ConjugateGradientTest {

    @ParameterizedTest
    @ValueSource(ints = {1, 3, 10, 40})
    void matchesDirectSolve(int n) {
        Random rng = Matrices.generator(100 + n);
        INDArray a = Matrices.randomPositiveDefinite(rng, n, 0.5);
        INDArray b = Matrices.randn(rng, n);
        SolverResult result = new ConjugateGradient(n, 1e-12, 0).solve(LinearOperator.ofMatrix(a), b);

        double error = Matrices.relativeError(result.solution(), Matrices.solveDirectly(a, b));
        assertTrue(error < 1e-9, "n = " + n + ": relative error " + error + " against InvertMatrix; " + result);
        assertTrue(result.converged(), "n = " + n + ": " + result);
        assertTrue(result.iterations() <= n, "n = " + n + ": " + result.iterations() + " iterations, more than n");
        double trueResidual = b.sub(a.mmul(result.solution().reshape(n, 1)).reshape(n)).norm2Number().doubleValue();
        assertTrue(Math.abs(trueResidual - result.residualNorm()) <= 1e-9 * b.norm2Number().doubleValue(),
                "n = " + n + ": reported residual " + result.residualNorm() + ", true residual " + trueResidual);
    }

    @Test
    void indefiniteReportsNegativeCurvature() {
        Random rng = Matrices.generator(5);
        INDArray a = Matrices.withEigenvalues(rng, 3, 2, 1, -1.5, 0.5);
        SolverResult result = new ConjugateGradient(20, 1e-10, 0).solve(LinearOperator.ofMatrix(a), Matrices.randn(rng, 5));
        assertTrue(result.negativeCurvature(), result.toString());
        assertFalse(result.converged(), result.toString());
        assertTrue(result.message().contains("negative curvature"), result.message());
    }

    @Test
    void iterationLimitReported() {
        Random rng = Matrices.generator(6);
        INDArray a = Matrices.randomPositiveDefinite(rng, 30, 0.1);
        SolverResult result = new ConjugateGradient(2, 1e-14, 0).solve(LinearOperator.ofMatrix(a), Matrices.randn(rng, 30));
        assertFalse(result.converged(), result.toString());
        assertTrue(result.iterations() == 2, result.toString());
        assertTrue(result.residualHistory().size() == 3, "history " + result.residualHistory());
    }

    @Test
    void invalidArgumentsRejected() {
        IllegalArgumentException iterations = assertThrows(IllegalArgumentException.class, () -> new ConjugateGradient(0, 1e-6, 0));
        assertTrue(iterations.getMessage().contains("got 0"), iterations.getMessage());
        IllegalArgumentException zero = assertThrows(IllegalArgumentException.class, () -> new ConjugateGradient(10, 0, 0));
        assertTrue(zero.getMessage().contains("> 0, got 0.0"), zero.getMessage());
        IllegalArgumentException negative = assertThrows(IllegalArgumentException.class, () -> new ConjugateGradient(10, -1e-3, 0));
        assertTrue(negative.getMessage().contains("> 0, got -0.001"), negative.getMessage());
        IllegalArgumentException nan = assertThrows(IllegalArgumentException.class, () -> new ConjugateGradient(10, Double.NaN, 0));
        assertTrue(nan.getMessage().contains("got NaN"), nan.getMessage());
        IllegalArgumentException absolute = assertThrows(IllegalArgumentException.class, () -> new ConjugateGradient(10, 1e-6, -1));
        assertTrue(absolute.getMessage().contains(">= 0, got -1.0"), absolute.getMessage());
    }
}
