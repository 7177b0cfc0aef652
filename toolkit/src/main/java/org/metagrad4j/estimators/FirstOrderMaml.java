package org.metagrad4j.estimators;

import org.metagrad4j.autodiff.GradOptions;
import org.metagrad4j.autodiff.Tape;
import org.metagrad4j.autodiff.Tensor;
import org.metagrad4j.nn.Parameters;

/**
 * First-order MAML (FOMAML): ∇F(θ) ≈ mean_i ∇L_Q(θ'_i), the query gradient at the adapted
 * parameters, with the inner loop's Jacobian replaced by the identity (no second derivatives).
 *
 * <p>Learned step sizes still get a gradient: through the last inner update
 * θ_K = θ_{K−1} − α ⊙ d_{K−1} with θ_{K−1} and d_{K−1} held constant, i.e. −mean_i d_{K−1,i} ⊙ ∇L_Q(θ'_i).
 * Frozen parameters get their direct query gradient only. Works with any inner optimiser.
 *
 * <p>Finn, Abbeel and Levine, "Model-Agnostic Meta-Learning for Fast Adaptation of Deep Networks", ICML 2017.
 */
public final class FirstOrderMaml extends BaseEstimator {

    @Override
    public String name() {
        return "first-order";
    }

    @Override
    Outcome compute(Adaptation a, Parameters meta) {
        int k = a.problem.innerLoop().steps();
        Outcome outcome = new Outcome();
        Parameters constantModel = Adaptation.modelPart(meta);
        Parameters constantAdapted = a.adapted(constantModel);
        Parameters learnedConstant = a.stepSizes(meta);
        Object alphaConstant = learnedConstant != null ? learnedConstant : (Object) a.problem.innerLoop().stepSize();
        Parameters theta = constantAdapted.broadcastTasks(a.taskCount).detach();
        Adaptation.Run run = a.runConstant(theta, constantModel.without(constantAdapted), alphaConstant, k, 0, null, false);

        try (Tape tape = Tape.create()) {
            Parameters metaW = meta.watch(tape);
            Parameters model = Adaptation.modelPart(metaW);
            Parameters adapted = a.adapted(model);
            Parameters frozen = model.without(adapted);
            Parameters phi = adapted.broadcastTasks(a.taskCount);
            if (k > 0) {
                // θ_K = θ + (θ_{K−1} − θ) − α ⊙ d_{K−1}, with the difference and d_{K−1} constant.
                phi = phi.add(run.beforeLast.sub(theta).detach());
                Parameters learned = a.stepSizes(metaW);
                Object alpha = learned != null ? learned : (Object) a.problem.innerLoop().stepSize();
                phi = Adaptation.applyStep(phi, run.lastDirection.detach(), alpha);
            }
            Tensor query = a.queryLoss(phi, frozen);
            outcome.adaptedAfter = phi.detach();
            outcome.gradient = metaW.gradientOf(query, GradOptions.firstOrder().withAllowUnused(true));
            outcome.retainedBytes = Math.max(run.peakTapeBytes, tape.peakRetainedBytes());
        }
        return outcome;
    }
}
