package org.metagrad4j.libtorch;

import java.util.function.UnaryOperator;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;

/**
 * Conjugate gradient over vectors stored as arrays of tensors, with the iteration and stopping
 * rule of the toolkit's {@link org.metagrad4j.linalg.ConjugateGradient} (absolute tolerance 0), so
 * that float64 results agree to rounding.
 */
final class ConjugateGradientSolve {
    private final int maxIterations;
    private final double relativeTolerance;

    ConjugateGradientSolve(int maxIterations, double relativeTolerance) {
        if (maxIterations < 1) {
            throw new IllegalArgumentException("maxIterations must be >= 1, got " + maxIterations);
        }
        if (!(relativeTolerance > 0)) {
            throw new IllegalArgumentException("relativeTolerance must be > 0, got " + relativeTolerance);
        }
        this.maxIterations = maxIterations;
        this.relativeTolerance = relativeTolerance;
    }

    record Result(Tensor[] solution, int iterations, double residualNorm, boolean negativeCurvature) {
    }

    /** Solves A x = b from x_0 = 0, where {@code operator} returns A v as new tensors. */
    Result run(Tensor[] b, UnaryOperator<Tensor[]> operator) {
        int n = b.length;
        Tensor[] x = new Tensor[n];
        Tensor[] r = new Tensor[n];
        Tensor[] p = new Tensor[n];
        for (int i = 0; i < n; i++) {
            x[i] = b[i].detach().mul(new Scalar(0.0));
            r[i] = b[i].detach().clone();
            p[i] = r[i].clone();
        }
        double rr = dot(r, r);
        double target = relativeTolerance * Math.sqrt(dot(b, b));
        if (Math.sqrt(rr) <= target) {
            return new Result(x, 0, Math.sqrt(rr), false);
        }
        for (int k = 1; k <= maxIterations; k++) {
            Tensor[] ap = operator.apply(p);
            double curvature = dot(p, ap);
            if (!(curvature > 0)) {
                return new Result(x, k - 1, Math.sqrt(rr), true);
            }
            double alpha = rr / curvature;
            for (int i = 0; i < n; i++) {
                x[i] = x[i].add(p[i].mul(new Scalar(alpha)));
                r[i] = r[i].sub(ap[i].mul(new Scalar(alpha)));
            }
            double rrNext = dot(r, r);
            if (Math.sqrt(rrNext) <= target) {
                return new Result(x, k, Math.sqrt(rrNext), false);
            }
            // p ← r + (r·r)_new / (r·r)_old · p
            for (int i = 0; i < n; i++) {
                p[i] = p[i].mul(new Scalar(rrNext / rr)).add(r[i]);
            }
            rr = rrNext;
        }
        return new Result(x, maxIterations, Math.sqrt(rr), false);
    }

    private static double dot(Tensor[] a, Tensor[] b) {
        return LibtorchMaml.dot(a, b).item_double();
    }
}
