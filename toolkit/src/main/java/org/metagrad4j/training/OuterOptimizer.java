package org.metagrad4j.training;

import java.util.List;
import org.metagrad4j.nn.Parameters;

/**
 * The outer (meta-parameter) optimiser. Immutable; its state is explicit ({@link State}) so a
 * checkpoint can store and restore it exactly.
 */
public interface OuterOptimizer {

    /** Step count and moment estimates; empty moments before the first step. */
    record State(long step, List<Parameters> moments) {
        public static State initial() {
            return new State(0, List.of());
        }
    }

    /** One update: returns the new parameters (as constants) and state. */
    Update update(Parameters parameters, Parameters gradient, State state);

    /** New parameters and state. */
    record Update(Parameters parameters, State state) {
    }

    /**
     * Gradient descent θ ← θ − lr · g.
     *
     * @param learningRate > 0
     */
    static OuterOptimizer sgd(double learningRate) {
        requirePositive(learningRate);
        return new OuterOptimizer() {
            @Override
            public Update update(Parameters parameters, Parameters gradient, State state) {
                return new Update(parameters.addScaled(gradient, -learningRate).detach(), new State(state.step() + 1, List.of()));
            }

            @Override
            public String toString() {
                return "sgd(learningRate=" + learningRate + ")";
            }
        };
    }

    /**
     * Adam (Kingma and Ba, "Adam: A Method for Stochastic Optimization", ICLR 2015):
     * m ← β1 m + (1−β1) g, v ← β2 v + (1−β2) g², θ ← θ − lr · m̂ / (√v̂ + ε).
     */
    static OuterOptimizer adam(double learningRate, double beta1, double beta2, double epsilon) {
        requirePositive(learningRate);
        if (!(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1) || !(epsilon > 0)) {
            throw new IllegalArgumentException("Adam needs betas in [0, 1) and epsilon > 0, got beta1=" + beta1 + ", beta2="
                    + beta2 + ", epsilon=" + epsilon);
        }
        return new OuterOptimizer() {
            @Override
            public Update update(Parameters parameters, Parameters gradient, State state) {
                Parameters g = gradient.detach();
                Parameters m = state.moments().isEmpty() ? g.scale(1 - beta1)
                        : state.moments().get(0).scale(beta1).add(g.scale(1 - beta1));
                Parameters v = state.moments().isEmpty() ? g.zip(g, (a, b) -> a.mul(b)).scale(1 - beta2)
                        : state.moments().get(1).scale(beta2).add(g.zip(g, (a, b) -> a.mul(b)).scale(1 - beta2));
                long t = state.step() + 1;
                double c1 = 1 - Math.pow(beta1, t);
                double c2 = 1 - Math.pow(beta2, t);
                Parameters step = m.zip(v, (mi, vi) -> mi.div(c1).div(vi.div(c2).sqrt().add(epsilon)));
                return new Update(parameters.addScaled(step, -learningRate).detach(),
                        new State(t, List.of(m.detach(), v.detach())));
            }

            @Override
            public String toString() {
                return "adam(learningRate=" + learningRate + ", beta1=" + beta1 + ", beta2=" + beta2 + ", epsilon=" + epsilon + ")";
            }
        };
    }

    /** Adam with β1 = 0.9, β2 = 0.999, ε = 1e-8. */
    static OuterOptimizer adam(double learningRate) {
        return adam(learningRate, 0.9, 0.999, 1e-8);
    }

    private static void requirePositive(double learningRate) {
        if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
            throw new IllegalArgumentException("learningRate must be > 0 and finite, got " + learningRate);
        }
    }
}
