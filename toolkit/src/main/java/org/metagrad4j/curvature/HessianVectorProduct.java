package org.metagrad4j.curvature;

import org.metagrad4j.autodiff.GradOptions;
import org.metagrad4j.autodiff.Tape;
import org.metagrad4j.autodiff.Tensor;
import org.metagrad4j.nn.Objective;
import org.metagrad4j.nn.Parameters;

/**
 * Products {@code H(φ) v} of an objective's Hessian with a vector, without forming H.
 *
 * <p>{@link #exact(Objective)} differentiates the gradient's inner product with v (double
 * backward); {@link #centralDifference(Objective, EpsilonPolicy)} uses
 * {@code [∇L(φ + εv) − ∇L(φ − εv)] / (2ε)}, two gradient evaluations with O(ε²) truncation error.
 */
@FunctionalInterface
public interface HessianVectorProduct {

    /**
     * Computes {@code H(point) · vector}.
     *
     * @param point  parameters at which the Hessian is taken
     * @param vector direction, same names and shapes as {@code point}
     * @return the product, as constants, same names and shapes
     */
    Parameters apply(Parameters point, Parameters vector);

    /** Exact product by double backward: {@code ∇_φ (∇_φ L(φ) · v)}. */
    static HessianVectorProduct exact(Objective objective) {
        return (point, vector) -> {
            try (Tape tape = Tape.create()) {
                Parameters phi = point.watch(tape);
                Parameters gradient = phi.gradientOf(objective.evaluate(phi), GradOptions.higherOrder());
                Tensor inner = gradient.dotTensor(vector.detach());
                return phi.gradientOf(inner, GradOptions.firstOrder().withAllowUnused(true)).detach();
            }
        };
    }

    /** Central finite-difference product with the step chosen by {@code policy}. */
    static HessianVectorProduct centralDifference(Objective objective, EpsilonPolicy policy) {
        return (point, vector) -> {
            double epsilon = policy.epsilon(point, vector);
            Parameters plus = gradientAt(objective, point.addScaled(vector.detach(), epsilon).detach());
            Parameters minus = gradientAt(objective, point.addScaled(vector.detach(), -epsilon).detach());
            return plus.sub(minus).scale(1.0 / (2.0 * epsilon)).detach();
        };
    }

    /** The gradient of {@code objective} at {@code point}, as constants. */
    static Parameters gradientAt(Objective objective, Parameters point) {
        try (Tape tape = Tape.create()) {
            Parameters phi = point.watch(tape);
            return phi.gradientOf(objective.evaluate(phi), GradOptions.firstOrder().withAllowUnused(true));
        }
    }
}
