package org.metagrad4j.inner;

import java.util.List;
import org.metagrad4j.autodiff.Tensor;
import org.metagrad4j.nn.Parameters;

/**
 * A differentiable inner-loop optimiser: φ_{k+1} = φ_k − α ⊙ d_k, where the direction d_k is
 * computed from the gradient with tensor operations (so exact estimators can differentiate
 * through it) and an explicit state.
 */
public interface InnerOptimizer {

    /** The direction and the state to pass to the next step. */
    record Step(Parameters direction, List<Parameters> state) {
    }

    /**
     * Computes step {@code k}'s direction (k counts from 0).
     *
     * @param gradient gradient of the inner loss at φ_k
     * @param state    the state returned by the previous step, or an empty list at k = 0
     */
    Step direction(Parameters gradient, List<Parameters> state, int k);

    /** Returns whether this is plain gradient descent (d_k = ∇L_S(φ_k)), the case the Hessian-vector recursions are derived for. */
    default boolean isPlainGradientDescent() {
        return false;
    }

    /** Plain gradient descent. */
    static InnerOptimizer sgd() {
        return new InnerOptimizer() {
            @Override
            public Step direction(Parameters gradient, List<Parameters> state, int k) {
                return new Step(gradient, List.of());
            }

            @Override
            public boolean isPlainGradientDescent() {
                return true;
            }

            @Override
            public String toString() {
                return "sgd";
            }
        };
    }

    /**
     * Heavy-ball momentum: m_k = μ m_{k−1} + g_k, d_k = m_k.
     *
     * @param momentum μ in [0, 1)
     */
    static InnerOptimizer momentum(double momentum) {
        if (!(momentum >= 0 && momentum < 1)) {
            throw new IllegalArgumentException("momentum must be in [0, 1), got " + momentum);
        }
        return new InnerOptimizer() {
            @Override
            public Step direction(Parameters gradient, List<Parameters> state, int k) {
                Parameters m = state.isEmpty() ? gradient : state.get(0).scale(momentum).add(gradient);
                return new Step(m, List.of(m));
            }

            @Override
            public String toString() {
                return "momentum(" + momentum + ")";
            }
        };
    }

    /**
     * Adam (Kingma and Ba, "Adam: A Method for Stochastic Optimization", ICLR 2015) with bias
     * correction: d_k = m̂_k / sqrt(v̂_k + ε²).
     *
     * @implNote The paper divides by sqrt(v̂) + ε, whose derivative is infinite where v̂ = 0 (a
     * parameter with zero gradient); sqrt(v̂ + ε²) has the same scale and a finite derivative
     * there, so exact meta-gradients through Adam never produce NaN.
     */
    static InnerOptimizer adam(double beta1, double beta2, double epsilon) {
        if (!(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1)) {
            throw new IllegalArgumentException("Adam betas must be in [0, 1), got beta1=" + beta1 + ", beta2=" + beta2);
        }
        if (!(epsilon > 0)) {
            throw new IllegalArgumentException("Adam epsilon must be > 0, got " + epsilon);
        }
        return new InnerOptimizer() {
            @Override
            public Step direction(Parameters gradient, List<Parameters> state, int k) {
                Parameters m = state.isEmpty() ? gradient.scale(1 - beta1)
                        : state.get(0).scale(beta1).add(gradient.scale(1 - beta1));
                Parameters v = state.isEmpty() ? gradient.map(Tensor::square).scale(1 - beta2)
                        : state.get(1).scale(beta2).add(gradient.map(Tensor::square).scale(1 - beta2));
                double c1 = 1 - Math.pow(beta1, k + 1);
                double c2 = 1 - Math.pow(beta2, k + 1);
                double eps2 = epsilon * epsilon;
                Parameters d = m.zip(v, (mi, vi) -> mi.div(c1).div(vi.div(c2).add(eps2).sqrt()));
                return new Step(d, List.of(m, v));
            }

            @Override
            public String toString() {
                return "adam(beta1=" + beta1 + ", beta2=" + beta2 + ", epsilon=" + epsilon + ")";
            }
        };
    }

    /** Adam with β1 = 0.9, β2 = 0.999, ε = 1e-8. */
    static InnerOptimizer adam() {
        return adam(0.9, 0.999, 1e-8);
    }
}
