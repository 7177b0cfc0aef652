package org.metagrad4j.estimators;

import java.util.Objects;
import org.metagrad4j.inner.InnerLoop;
import org.metagrad4j.nn.Module;

/**
 * The problem a meta-gradient is taken of: a model, the inner loop that adapts it to a task's support
 * set, and the outer loss on the query set. The meta-objective is the mean over tasks of
 * L_Q(θ'_i), θ'_i the adapted parameters of task i.
 *
 * @param model     the model, a pure function of its parameters
 * @param innerLoop steps, step size, optimiser, adapted subset and support loss
 * @param outerLoss the query-set loss
 */
public record MetaProblem(Module model, InnerLoop innerLoop, OuterLoss outerLoss) {

    public MetaProblem {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(innerLoop, "innerLoop");
        Objects.requireNonNull(outerLoss, "outerLoss");
    }

    /** Creates a problem whose query loss is the inner loop's loss. */
    public static MetaProblem of(Module model, InnerLoop innerLoop) {
        return new MetaProblem(model, innerLoop, OuterLoss.of(innerLoop.loss()));
    }

    public MetaProblem withInnerLoop(InnerLoop value) {
        return new MetaProblem(model, value, outerLoss);
    }

    public MetaProblem withOuterLoss(OuterLoss value) {
        return new MetaProblem(model, innerLoop, value);
    }

    @Override
    public String toString() {
        return "MetaProblem[model=" + model + ", innerLoop=" + innerLoop + ", outerLoss=" + outerLoss + "]";
    }
}
