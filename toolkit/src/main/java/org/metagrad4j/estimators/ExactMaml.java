package org.metagrad4j.estimators;

import java.util.List;
import org.metagrad4j.autodiff.GradOptions;
import org.metagrad4j.autodiff.Tape;
import org.metagrad4j.autodiff.Tensor;
import org.metagrad4j.nn.Parameters;

/**
 * Exact (second-order) MAML by differentiating through the unrolled inner loop.
 *
 * <p>∇F(θ) = mean_i J_iᵀ ∇L_Q(θ'_i), J_iᵀ = Π_k (I − α H_S(θ_k)) for SGD; the tape records every
 * inner step with create-graph, so memory grows with the inner steps K. Works with any inner
 * optimiser and learned step sizes (differentiated exactly). With {@code differentiatedSteps = T < K}
 * it is truncated backpropagation: the first K − T steps are run as constants and only the last T
 * are differentiated (T = 0 gives first-order MAML).
 *
 * <p>Finn, Abbeel and Levine, "Model-Agnostic Meta-Learning for Fast Adaptation of Deep Networks",
 * ICML 2017; Shaban, Cheng, Hatch and Boots, "Truncated Back-propagation for Bilevel
 * Optimization", AISTATS 2019.
 */
public final class ExactMaml extends BaseEstimator {
    private final int differentiatedSteps;

    private ExactMaml(int differentiatedSteps) {
        this.differentiatedSteps = differentiatedSteps;
    }

    /** Differentiates through every inner step. */
    public static ExactMaml unrolled() {
        return new ExactMaml(-1);
    }

    /**
     * Differentiates through the last {@code steps} inner steps only.
     *
     * @throws IllegalArgumentException if {@code steps < 0}
     */
    public static ExactMaml truncated(int steps) {
        if (steps < 0) {
            throw new IllegalArgumentException("truncated backpropagation needs steps >= 0, got " + steps);
        }
        return new ExactMaml(steps);
    }

    @Override
    public String name() {
        return differentiatedSteps < 0 ? "exact (unrolled)" : "truncated (last " + differentiatedSteps + ")";
    }

    @Override
    Outcome compute(Adaptation a, Parameters meta) {
        int k = a.problem.innerLoop().steps();
        int recorded = differentiatedSteps < 0 ? k : Math.min(differentiatedSteps, k);
        Outcome outcome = new Outcome();
        try (Tape tape = Tape.create()) {
            Parameters metaW = meta.watch(tape);
            Parameters model = Adaptation.modelPart(metaW);
            Parameters adapted = a.adapted(model);
            Parameters frozen = model.without(adapted);
            Parameters learned = a.stepSizes(metaW);
            Object alpha = learned != null ? learned : (Object) a.problem.innerLoop().stepSize();
            Object alphaConstant = learned != null ? learned.detach() : alpha;

            Parameters phi = adapted.broadcastTasks(a.taskCount);
            List<Parameters> state = List.of();
            if (k - recorded > 0) {
                // Leading steps as constants: φ_{K−T} = θ + (φ_{K−T} − θ) with the difference held constant.
                Adaptation.Run head = a.runConstant(phi, frozen, alphaConstant, k - recorded, 0, null, false);
                Parameters offset = head.last.sub(phi.detach()).detach();
                phi = phi.add(offset);
                state = head.state.stream().map(Parameters::detach).toList();
                outcome.retainedBytes = head.peakTapeBytes;
            }
            phi = a.runRecorded(phi, frozen, alpha, recorded, k - recorded, state);
            Tensor query = a.queryLoss(phi, frozen);
            outcome.adaptedAfter = phi.detach();
            outcome.gradient = metaW.gradientOf(query, GradOptions.firstOrder().withAllowUnused(true));
            outcome.retainedBytes = Math.max(outcome.retainedBytes, tape.peakRetainedBytes());
        }
        return outcome;
    }
}
