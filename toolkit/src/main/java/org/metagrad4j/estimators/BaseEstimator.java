package org.metagrad4j.estimators;

import org.metagrad4j.nn.Parameters;

/** Timing, diagnostics and the finiteness check shared by the estimators. */
abstract class BaseEstimator implements MetaGradientEstimator {

    /** What an estimator computed, before diagnostics are assembled. */
    static final class Outcome {
        Parameters gradient;
        Parameters adaptedAfter;
        Parameters frozen;
        long retainedBytes;
        int solverIterations;
        double residualNorm = Double.NaN;
        boolean negativeCurvature;
        boolean diverged;
        String note = "";
    }

    /** Throws IllegalArgumentException when this estimator does not support the problem. */
    void checkSupported(MetaProblem problem) {
    }

    abstract Outcome compute(Adaptation adaptation, Parameters metaParameters);

    @Override
    public final MetaGradient estimate(MetaProblem problem, Parameters metaParameters, TaskData tasks) {
        checkSupported(problem);
        long start = System.nanoTime();
        Adaptation adaptation = new Adaptation(problem, tasks);
        Parameters meta = metaParameters.detach();
        Parameters model = Adaptation.modelPart(meta);
        Parameters adapted = adaptation.adapted(model);
        Parameters frozen = model.without(adapted);

        Outcome outcome = compute(adaptation, meta);
        long wall = System.nanoTime() - start;

        double[] before = adaptation.evaluateQuery(adapted.broadcastTasks(tasks.taskCount()), frozen);
        double[] after = adaptation.evaluateQuery(outcome.adaptedAfter, frozen);
        Parameters gradient = Adaptation.complete(meta, outcome.gradient);
        Adaptation.requireFinite(name(), gradient);
        Diagnostics diagnostics = new Diagnostics(name(), before[0], after[0], before[1], after[1], outcome.solverIterations,
                outcome.residualNorm, outcome.negativeCurvature, outcome.diverged, outcome.retainedBytes,
                tasks.taskCount(), wall, outcome.note);
        return new MetaGradient(gradient, diagnostics);
    }

    static void requirePlainGradientDescent(String estimator, MetaProblem problem) {
        if (!problem.innerLoop().optimizer().isPlainGradientDescent()) {
            throw new IllegalArgumentException(estimator + " is derived for plain SGD inner loops, got optimizer "
                    + problem.innerLoop().optimizer() + "; use ExactMaml (unrolled) or ImplicitMaml for other inner optimisers");
        }
    }

    static void rejectLearnedStepSizes(String estimator, MetaProblem problem) {
        if (problem.innerLoop().learnedStepSizes()) {
            throw new IllegalArgumentException(estimator + " does not support learned step sizes; "
                    + "use ExactMaml, HessianVectorRecursion or FirstOrderMaml, or set learnedStepSizes(false)");
        }
    }

    @Override
    public String toString() {
        return name();
    }
}
