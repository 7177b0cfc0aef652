package org.metagrad4j.estimators;

import org.metagrad4j.nn.Parameters;

/**
 * Reptile: the direction mean_i (θ − θ'_i) / (αK), no query-set gradient at all.
 *
 * <p>The 1/(αK) scaling makes the direction comparable with a gradient: for K = 1 and plain SGD
 * it equals the support-loss gradient at θ. The query set is used only for the diagnostics.
 * Frozen parameters get a zero direction. Learned step sizes are rejected (Reptile has no
 * gradient for them).
 *
 * <p>Nichol, Achiam and Schulman, "On First-Order Meta-Learning Algorithms", arXiv:1803.02999, 2018.
 */
public final class Reptile extends BaseEstimator {

    @Override
    public String name() {
        return "Reptile";
    }

    @Override
    void checkSupported(MetaProblem problem) {
        rejectLearnedStepSizes("Reptile", problem);
        if (problem.innerLoop().steps() < 1) {
            throw new IllegalArgumentException("Reptile needs at least 1 inner step, got " + problem.innerLoop().steps());
        }
    }

    @Override
    Outcome compute(Adaptation a, Parameters meta) {
        int k = a.problem.innerLoop().steps();
        double alpha = a.problem.innerLoop().stepSize();
        Parameters model = Adaptation.modelPart(meta);
        Parameters adapted = a.adapted(model);
        Parameters theta = adapted.broadcastTasks(a.taskCount).detach();
        Adaptation.Run run = a.runConstant(theta, model.without(adapted), alpha, k, 0, null, false);
        Outcome outcome = new Outcome();
        outcome.adaptedAfter = run.last;
        outcome.gradient = Adaptation.sumOverTasks(theta.sub(run.last)).scale(1.0 / (a.taskCount * alpha * k)).detach();
        outcome.retainedBytes = run.peakTapeBytes;
        return outcome;
    }
}
