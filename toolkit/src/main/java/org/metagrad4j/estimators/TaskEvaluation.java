package org.metagrad4j.estimators;

import org.metagrad4j.autodiff.Tensor;
import org.metagrad4j.nn.Losses;
import org.metagrad4j.nn.Parameters;

/** Per-task query loss and accuracy after the inner loop adapts the given meta-parameters. */
public final class TaskEvaluation {
    private TaskEvaluation() {
    }

    /**
     * Adapts to each task of the meta-batch (no differentiation) and evaluates the query set.
     *
     * @return {@code {losses, accuracies}}, one entry per task; accuracies are NaN for regression
     */
    public static double[][] afterAdaptation(MetaProblem problem, Parameters metaParameters, TaskData tasks) {
        BaseEstimator.requireMatchingDataType("evaluation", metaParameters, tasks);
        try (var workspace = org.nd4j.linalg.factory.Nd4j.getWorkspaceManager()
                .getAndActivateWorkspace(BaseEstimator.WORKSPACE, BaseEstimator.WORKSPACE_ID)) {
            return evaluate(problem, metaParameters, tasks);
        }
    }

    private static double[][] evaluate(MetaProblem problem, Parameters metaParameters, TaskData tasks) {
        Adaptation a = new Adaptation(problem, tasks);
        Parameters meta = metaParameters.detach();
        Parameters model = Adaptation.modelPart(meta);
        Parameters adapted = a.adapted(model);
        Parameters frozen = model.without(adapted);
        Parameters learned = a.stepSizes(meta);
        Object alpha = learned != null ? learned : (Object) problem.innerLoop().stepSize();
        Parameters theta = adapted.broadcastTasks(a.taskCount).detach();
        Parameters phi = a.runConstant(theta, frozen, alpha, problem.innerLoop().steps(), 0, null, false).last;
        Parameters all = frozen.merge(phi);
        Tensor predictions = problem.model().forward(all, Tensor.constant(tasks.queryInputs()));
        double[] losses = problem.outerLoss().perTask(predictions, tasks.queryInputs(), tasks.queryTargets()).value()
                .castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE).toDoubleVector();
        double[] accuracies = new double[losses.length];
        if (tasks.isClassification()) {
            accuracies = Losses.accuracy(predictions.value(), tasks.queryTargets()).toDoubleVector();
        } else {
            java.util.Arrays.fill(accuracies, Double.NaN);
        }
        return new double[][] {losses, accuracies};
    }
}
