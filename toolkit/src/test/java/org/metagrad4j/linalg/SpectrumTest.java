package org.metagrad4j.linalg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Extreme eigenvalues of float64 matrices with known spectra. */
class SpectrumTest {
    private static final long[] SHAPE = {6};

    @Test
    void powerIterationDiagonal() {
        INDArray diagonal = Nd4j.diag(Nd4j.createFromArray(-3.0, -1.0, 0.5, 2.0, 4.0, 5.0));
        double largest = Spectrum.powerIteration(LinearOperator.ofMatrix(diagonal), SHAPE, DataType.DOUBLE, 300, 1);
        assertEquals(5.0, largest, 1e-8);
    }

    @Test
    void powerIterationNegativeDominant() {
        INDArray rotated = Matrices.withEigenvalues(Matrices.generator(31), -6.0, -1.0, 0.5, 2.0, 3.0, 4.0);
        double largest = Spectrum.powerIteration(LinearOperator.ofMatrix(rotated), SHAPE, DataType.DOUBLE, 300, 1);
        assertEquals(-6.0, largest, 1e-8);
    }

    @Test
    void lanczosRotated() {
        INDArray rotated = Matrices.withEigenvalues(Matrices.generator(32), -3.0, -1.0, 0.5, 2.0, 4.0, 5.0);
        double[] extremes = Spectrum.lanczos(LinearOperator.ofMatrix(rotated), SHAPE, DataType.DOUBLE, 6, 1);
        assertEquals(-3.0, extremes[0], 1e-8);
        assertEquals(5.0, extremes[1], 1e-8);
    }

    @Test
    void lanczosLargerThanStepsBrackets() {
        // With fewer steps than the dimension, the Ritz values lie inside the spectrum.
        INDArray rotated = Matrices.withEigenvalues(Matrices.generator(33), -2.0, -1.0, 0.0, 1.0, 2.0, 3.0, 4.0, 8.0);
        double[] extremes = Spectrum.lanczos(LinearOperator.ofMatrix(rotated), new long[] {8}, DataType.DOUBLE, 5, 1);
        assertTrue(extremes[0] >= -2.0 - 1e-10, "smallest Ritz value " + extremes[0] + " below λ_min = -2");
        assertTrue(extremes[1] <= 8.0 + 1e-10, "largest Ritz value " + extremes[1] + " above λ_max = 8");
        assertTrue(extremes[1] > 6.0, "largest Ritz value " + extremes[1] + " after 5 steps, expected near 8");
    }

    @Test
    void invalidArgumentsRejected() {
        LinearOperator identity = v -> v.dup();
        IllegalArgumentException power = assertThrows(IllegalArgumentException.class,
                () -> Spectrum.powerIteration(identity, SHAPE, DataType.DOUBLE, 0, 1));
        assertTrue(power.getMessage().contains(">= 1, got 0"), power.getMessage());
        IllegalArgumentException lanczos = assertThrows(IllegalArgumentException.class,
                () -> Spectrum.lanczos(identity, SHAPE, DataType.DOUBLE, -2, 1));
        assertTrue(lanczos.getMessage().contains(">= 1, got -2"), lanczos.getMessage());
    }
}
