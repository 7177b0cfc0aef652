package org.metagrad4j.linalg;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.rng.Random;
import org.nd4j.linalg.factory.Nd4j;

/** Seeded float64 test matrices with known spectra. */
final class Matrices {
    private Matrices() {
    }

    static Random generator(long seed) {
        return Nd4j.getRandomFactory().getNewRandomInstance(seed);
    }

    static INDArray randn(Random rng, long... shape) {
        return Nd4j.randn(rng, shape).castTo(DataType.DOUBLE);
    }

    /** A random orthonormal n × n matrix by Gram–Schmidt on Gaussian columns. */
    static INDArray orthonormal(Random rng, int n) {
        INDArray columns = randn(rng, n, n);
        INDArray basis = Nd4j.zeros(DataType.DOUBLE, n, n);
        for (int j = 0; j < n; j++) {
            INDArray v = columns.getColumn(j).dup();
            for (int i = 0; i < j; i++) {
                INDArray u = basis.getColumn(i);
                v.subi(u.mul(u.mul(v).sumNumber().doubleValue()));
            }
            basis.putColumn(j, v.div(v.norm2Number().doubleValue()));
        }
        return basis;
    }

    /** Q diag(eigenvalues) Qᵀ for a random orthonormal Q: a symmetric matrix with exactly these eigenvalues. */
    static INDArray withEigenvalues(Random rng, double... eigenvalues) {
        INDArray q = orthonormal(rng, eigenvalues.length);
        INDArray diagonal = Nd4j.createFromArray(eigenvalues);
        return q.mulRowVector(diagonal).mmul(q.transpose());
    }

    /** MᵀM / n + shift·I for a Gaussian M: symmetric positive definite with eigenvalues above shift. */
    static INDArray randomPositiveDefinite(Random rng, int n, double shift) {
        INDArray m = randn(rng, n, n);
        return m.transpose().mmul(m).divi(n).addi(Nd4j.eye(n).castTo(DataType.DOUBLE).muli(shift));
    }

    static INDArray solveDirectly(INDArray a, INDArray b) {
        INDArray inverse = org.nd4j.linalg.inverse.InvertMatrix.invert(a, false);
        return inverse.mmul(b.reshape(b.length(), 1)).reshape(b.length());
    }

    static double relativeError(INDArray actual, INDArray expected) {
        return actual.sub(expected).norm2Number().doubleValue() / expected.norm2Number().doubleValue();
    }
}
