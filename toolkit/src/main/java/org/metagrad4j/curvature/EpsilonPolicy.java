package org.metagrad4j.curvature;

import org.metagrad4j.nn.Parameters;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * The step ε of a central finite-difference Hessian-vector product.
 *
 * <p>The error of {@code [∇L(φ+εv) − ∇L(φ−εv)]/(2ε)} is a truncation term O(ε²‖v‖³) plus a rounding
 * term O(δ‖∇L‖/(ε‖v‖)), δ the unit roundoff; balancing them gives ε‖v‖ ≈ δ^{1/3}·(1 + ‖φ‖).
 * {@link #relative(double)} applies that scaling; {@link #defaultFor(DataType)} picks the factor
 * per data type (δ^{1/3} ≈ 6e-6 for float64 and ≈ 5e-3 for float32).
 */
@FunctionalInterface
public interface EpsilonPolicy {

    /** The step for a product at {@code point} along {@code vector}; must be > 0. */
    double epsilon(Parameters point, Parameters vector);

    /** A fixed ε, whatever the norms. @throws IllegalArgumentException if {@code epsilon <= 0} */
    static EpsilonPolicy fixed(double epsilon) {
        if (!(epsilon > 0) || Double.isInfinite(epsilon)) {
            throw new IllegalArgumentException("epsilon must be > 0 and finite, got " + epsilon);
        }
        return new EpsilonPolicy() {
            @Override
            public double epsilon(Parameters point, Parameters vector) {
                return epsilon;
            }

            @Override
            public String toString() {
                return "fixed(" + epsilon + ")";
            }
        };
    }

    /**
     * ε = factor · (1 + ‖φ‖) / ‖v‖, so the perturbation εv has norm factor·(1 + ‖φ‖) whatever v's scale.
     *
     * @throws IllegalArgumentException if {@code factor <= 0}
     */
    static EpsilonPolicy relative(double factor) {
        if (!(factor > 0) || Double.isInfinite(factor)) {
            throw new IllegalArgumentException("relative epsilon factor must be > 0 and finite, got " + factor);
        }
        return new EpsilonPolicy() {
            @Override
            public double epsilon(Parameters point, Parameters vector) {
                double v = vector.norm();
                if (v == 0) {
                    return factor;
                }
                return factor * (1.0 + point.norm()) / v;
            }

            @Override
            public String toString() {
                return "relative(" + factor + ")";
            }
        };
    }

    /** {@code relative(δ^{1/3})} for the data type's unit roundoff δ: 6e-6 for float64, 5e-3 for float32 and below. */
    static EpsilonPolicy defaultFor(DataType type) {
        return relative(type == DataType.DOUBLE ? 6e-6 : 5e-3);
    }
}
