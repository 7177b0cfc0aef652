package org.metagrad4j.nn;

import org.metagrad4j.autodiff.Tensor;

/** Standardisation built from tensor primitives, shared by {@link BatchNorm2d} and {@link LayerNorm}. */
final class Normalization {
    private Normalization() {
    }

    /**
     * Returns {@code (x − μ) / √(σ² + ε)} with the mean μ and the biased variance σ² taken over
     * {@code axes}. Only mean, sub, square, add and pow are used, so the result differentiates to
     * any order.
     */
    static Tensor standardize(Tensor x, double epsilon, int... axes) {
        Tensor centered = x.sub(x.mean(true, axes));
        Tensor variance = centered.square().mean(true, axes);
        return centered.mul(variance.add(epsilon).pow(-0.5));
    }

    /** Rejects an ε that is not positive and finite. */
    static double requireEpsilon(String owner, double epsilon) {
        if (!(epsilon > 0) || Double.isInfinite(epsilon)) {
            throw new IllegalArgumentException(owner + ": epsilon must be > 0 and finite, got " + epsilon);
        }
        return epsilon;
    }
}
