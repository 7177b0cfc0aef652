package org.metagrad4j.linalg;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.rng.Random;

/** The truncated Neumann series on symmetric float64 systems with known eigenvalues 0.5..2. */
class NeumannSeriesTest {
    private final Random rng = Matrices.generator(21);
    private final INDArray a = Matrices.withEigenvalues(rng, 0.5, 0.8, 1.2, 1.6, 2.0);
    private final INDArray b = Matrices.randn(rng, 5);

    @Test
    void convergesBelowTwoOverLambdaMax() {
        // η = 0.5: the spectral radius of I − ηA is max(|1 − 0.25|, |1 − 1|) = 0.75.
        SolverResult result = new NeumannSeries(200, 0.5, 0).solve(LinearOperator.ofMatrix(a), b);
        double error = Matrices.relativeError(result.solution(), Matrices.solveDirectly(a, b));
        assertTrue(error < 1e-12, "relative error " + error + "; " + result);
        assertFalse(result.diverged(), result.toString());
    }

    @Test
    void convergesNearTheLimit() {
        // η = 0.95 < 2/λ_max = 1: radius max(|1 − 0.475|, |1 − 1.9|) = 0.9.
        SolverResult result = new NeumannSeries(400, 0.95, 0).solve(LinearOperator.ofMatrix(a), b);
        double error = Matrices.relativeError(result.solution(), Matrices.solveDirectly(a, b));
        assertTrue(error < 1e-12, "relative error " + error + "; " + result);
        assertFalse(result.diverged(), result.toString());
    }

    @Test
    void toleranceStopsEarly() {
        SolverResult result = new NeumannSeries(500, 0.5, 1e-8).solve(LinearOperator.ofMatrix(a), b);
        assertTrue(result.converged(), result.toString());
        assertTrue(result.iterations() < 500, result.toString());
    }

    @Test
    void stepSizeTooLargeDiverges() {
        // η = 1.2: 1 − 1.2·2 = −1.4, radius 1.4.
        SolverResult result = new NeumannSeries(100, 1.2, 0).solve(LinearOperator.ofMatrix(a), b);
        assertTrue(result.diverged(), result.toString());
        assertFalse(result.converged(), result.toString());
    }

    @Test
    void radiusSlightlyAboveOneDiverges() {
        // η = 1.05: radius |1 − 2.1| = 1.1.
        SolverResult result = new NeumannSeries(200, 1.05, 0).solve(LinearOperator.ofMatrix(a), b);
        assertTrue(result.diverged(), result.toString());
    }

    @Test
    void radiusExactlyOneDiverges() {
        // η = 2/λ_max = 1: the λ_max component of each term flips sign with constant norm, so the sum never settles.
        SolverResult result = new NeumannSeries(200, 1.0, 0).solve(LinearOperator.ofMatrix(a), b);
        assertTrue(result.diverged(), result.toString());
    }

    @Test
    void indefiniteOperatorDiverges() {
        INDArray indefinite = Matrices.withEigenvalues(Matrices.generator(22), 1.0, 0.5, -0.5);
        SolverResult result = new NeumannSeries(200, 0.5, 0).solve(LinearOperator.ofMatrix(indefinite), Matrices.randn(rng, 3));
        assertTrue(result.diverged(), result.toString());
    }

    @Test
    void invalidArgumentsRejected() {
        IllegalArgumentException zero = assertThrows(IllegalArgumentException.class, () -> new NeumannSeries(10, 0, 0));
        assertTrue(zero.getMessage().contains("> 0 and finite, got 0.0"), zero.getMessage());
        IllegalArgumentException negative = assertThrows(IllegalArgumentException.class, () -> new NeumannSeries(10, -0.5, 0));
        assertTrue(negative.getMessage().contains("got -0.5"), negative.getMessage());
        IllegalArgumentException terms = assertThrows(IllegalArgumentException.class, () -> new NeumannSeries(-1, 0.5, 0));
        assertTrue(terms.getMessage().contains(">= 0, got -1"), terms.getMessage());
        IllegalArgumentException tolerance = assertThrows(IllegalArgumentException.class, () -> new NeumannSeries(10, 0.5, -1e-3));
        assertTrue(tolerance.getMessage().contains(">= 0, got -0.001"), tolerance.getMessage());
    }
}
