package org.metagrad4j.linalg;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.rng.Random;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Extreme eigenvalues of a symmetric operator, to choose iMAML's λ (λ > −λ_min keeps
 * {@code I + H/λ} positive definite) and the Neumann step size (η < 2/λ_max).
 */
public final class Spectrum {
    private Spectrum() {
    }

    /** Largest-magnitude eigenvalue by power iteration from a seeded start vector. */
    public static double powerIteration(LinearOperator a, long[] shape, DataType type, int iterations, long seed) {
        if (iterations < 1) {
            throw new IllegalArgumentException("iterations must be >= 1, got " + iterations);
        }
        INDArray v = start(shape, type, seed);
        double lambda = 0;
        for (int i = 0; i < iterations; i++) {
            INDArray w = a.apply(v);
            lambda = ConjugateGradient.dot(v, w);
            double n = w.norm2Number().doubleValue();
            if (n == 0) {
                return 0;
            }
            v = w.divi(n);
        }
        return lambda;
    }

    /**
     * Smallest and largest eigenvalue estimates from {@code steps} Lanczos iterations (full
     * reorthogonalisation; the extreme Ritz values of the tridiagonal matrix), returned as
     * {@code {min, max}}.
     */
    public static double[] lanczos(LinearOperator a, long[] shape, DataType type, int steps, long seed) {
        if (steps < 1) {
            throw new IllegalArgumentException("steps must be >= 1, got " + steps);
        }
        INDArray q = start(shape, type, seed);
        java.util.List<INDArray> basis = new java.util.ArrayList<>();
        double[] alpha = new double[steps];
        double[] beta = new double[steps];
        int m = 0;
        for (int j = 0; j < steps; j++) {
            basis.add(q);
            INDArray w = a.apply(q);
            alpha[j] = ConjugateGradient.dot(q, w);
            for (INDArray b : basis) {
                w.subi(b.mul(ConjugateGradient.dot(b, w)));
            }
            m = j + 1;
            double b = w.norm2Number().doubleValue();
            if (b < 1e-12 || j + 1 == steps) {
                break;
            }
            beta[j] = b;
            q = w.divi(b);
        }
        INDArray t = Nd4j.zeros(DataType.DOUBLE, m, m);
        for (int i = 0; i < m; i++) {
            t.putScalar(i, i, alpha[i]);
            if (i + 1 < m) {
                t.putScalar(i, i + 1, beta[i]);
                t.putScalar(i + 1, i, beta[i]);
            }
        }
        INDArray eigenvalues = org.nd4j.linalg.eigen.Eigen.symmetricGeneralizedEigenvalues(t, true);
        return new double[] {eigenvalues.minNumber().doubleValue(), eigenvalues.maxNumber().doubleValue()};
    }

    private static INDArray start(long[] shape, DataType type, long seed) {
        Random rng = Nd4j.getRandomFactory().getNewRandomInstance(seed);
        INDArray v = Nd4j.randn(rng, shape).castTo(type);
        return v.divi(v.norm2Number().doubleValue());
    }
}
