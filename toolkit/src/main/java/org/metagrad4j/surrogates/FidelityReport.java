package org.metagrad4j.surrogates;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.metagrad4j.estimators.Estimators;
import org.metagrad4j.estimators.MetaGradient;
import org.metagrad4j.estimators.MetaGradientEstimator;
import org.metagrad4j.estimators.MetaProblem;
import org.metagrad4j.estimators.TaskData;
import org.metagrad4j.estimators.TaskEvaluation;
import org.metagrad4j.nn.Parameters;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * How far a surrogate moves the meta-gradient: for each surrogate (a changed {@link MetaProblem},
 * another estimator, or both), the cosine similarity and relative error between its
 * meta-gradient and the true meta-gradient, on the same tasks and the same meta-parameters, and
 * the true query loss that its inner loop reaches.
 *
 * <p>The true meta-gradient is that of the true problem by the reference estimator (exact
 * unrolled MAML unless {@link #withReference} names another). The true query loss of a row is
 * the true problem's outer loss after the surrogate's inner loop adapts the meta-parameters, so
 * an inner-loop surrogate that adapts worse shows a larger value; an outer-loop surrogate leaves
 * it unchanged. With trained parameters ({@link #compare(String, MetaProblem, MetaGradientEstimator, Parameters)})
 * a row also gives the true meta-objective at the parameters a surrogate run produced.
 *
 * <p>A report is immutable: {@code compare} returns a new report with one more row.
 */
public final class FidelityReport {
    /**
     * One surrogate's agreement with the true meta-gradient.
     *
     * @param label                   the name given to {@code compare}
     * @param estimator               the estimator's name
     * @param cosine                  cosine similarity with the true meta-gradient
     * @param relativeError           ‖g − g_true‖ / ‖g_true‖
     * @param gradientNorm            ‖g‖
     * @param trueQueryLoss           mean true query loss after the surrogate's inner loop, at the report's parameters
     * @param trueQueryLossAfterTraining mean true query loss at parameters trained with the surrogate, or NaN
     * @param retainedBytes           bytes the estimator retained for differentiation
     * @param milliseconds            wall time of the estimate
     */
    public record Row(String label, String estimator, double cosine, double relativeError, double gradientNorm,
                      double trueQueryLoss, double trueQueryLossAfterTraining, long retainedBytes, double milliseconds) {
    }

    private final MetaProblem trueProblem;
    private final Parameters metaParameters;
    private final TaskData tasks;
    private final MetaGradientEstimator reference;
    private final MetaGradient trueGradient;
    private final List<Row> rows;

    private FidelityReport(MetaProblem trueProblem, Parameters metaParameters, TaskData tasks, MetaGradientEstimator reference,
                           MetaGradient trueGradient, List<Row> rows) {
        this.trueProblem = trueProblem;
        this.metaParameters = metaParameters;
        this.tasks = tasks;
        this.reference = reference;
        this.trueGradient = trueGradient;
        this.rows = List.copyOf(rows);
    }

    /**
     * Starts a report for the true problem at {@code metaParameters} on {@code tasks}, with exact
     * unrolled MAML as the reference; its first row is the reference itself.
     */
    public static FidelityReport of(MetaProblem trueProblem, Parameters metaParameters, TaskData tasks) {
        return withReference(trueProblem, metaParameters, tasks, Estimators.exact());
    }

    /** Starts a report whose true meta-gradient comes from {@code reference} (for example the exact recursion). */
    public static FidelityReport withReference(MetaProblem trueProblem, Parameters metaParameters, TaskData tasks,
                                               MetaGradientEstimator reference) {
        Objects.requireNonNull(trueProblem, "trueProblem");
        Objects.requireNonNull(metaParameters, "metaParameters");
        Objects.requireNonNull(tasks, "tasks");
        Objects.requireNonNull(reference, "reference");
        MetaGradient truth = reference.estimate(trueProblem, metaParameters, tasks);
        FidelityReport empty = new FidelityReport(trueProblem, metaParameters, tasks, reference, truth, List.of());
        return empty.withRow(empty.row("true (" + reference.name() + ")", trueProblem, truth, Double.NaN));
    }

    /** Adds a row for the true problem under another estimator. */
    public FidelityReport compare(String label, MetaGradientEstimator estimator) {
        return compare(label, trueProblem, estimator);
    }

    /**
     * Adds a row for {@code surrogate} (for example with another inner loss, adapted subset or
     * outer loss) under {@code estimator}.
     *
     * @throws IllegalArgumentException when the surrogate's meta-gradient has other entries than the true one
     */
    public FidelityReport compare(String label, MetaProblem surrogate, MetaGradientEstimator estimator) {
        requireSameMetaParameters(label, surrogate);
        return withRow(row(label, surrogate, estimator.estimate(surrogate, metaParameters, tasks), Double.NaN));
    }

    /**
     * Adds a row as {@link #compare(String, MetaProblem, MetaGradientEstimator)} does, and also the
     * true meta-objective (true inner loop, true outer loss, the report's tasks) at
     * {@code trainedParameters}, the result of meta-training with this surrogate.
     */
    public FidelityReport compare(String label, MetaProblem surrogate, MetaGradientEstimator estimator,
                                  Parameters trainedParameters) {
        requireSameMetaParameters(label, surrogate);
        double trained = mean(TaskEvaluation.afterAdaptation(trueProblem, trainedParameters, tasks)[0]);
        return withRow(row(label, surrogate, estimator.estimate(surrogate, metaParameters, tasks), trained));
    }

    /** Returns the true meta-gradient every row is compared with. */
    public MetaGradient trueGradient() {
        return trueGradient;
    }

    public List<Row> rows() {
        return rows;
    }

    /** Returns one row per comparison, the reference first, as a table. */
    public Table toTable() {
        Table table = Table.create("surrogate fidelity (reference: " + reference.name() + ", " + tasks.taskCount() + " tasks)",
                StringColumn.create("surrogate"), StringColumn.create("estimator"), DoubleColumn.create("cosine"),
                DoubleColumn.create("relative error"), DoubleColumn.create("gradient norm"),
                DoubleColumn.create("true query loss"), DoubleColumn.create("true query loss after training"),
                LongColumn.create("retained bytes"), DoubleColumn.create("time (ms)"));
        for (Row r : rows) {
            table.stringColumn(0).append(r.label());
            table.stringColumn(1).append(r.estimator());
            table.doubleColumn(2).append(r.cosine());
            table.doubleColumn(3).append(r.relativeError());
            table.doubleColumn(4).append(r.gradientNorm());
            table.doubleColumn(5).append(r.trueQueryLoss());
            table.doubleColumn(6).append(r.trueQueryLossAfterTraining());
            table.longColumn(7).append(r.retainedBytes());
            table.doubleColumn(8).append(r.milliseconds());
        }
        return table;
    }

    /** Formats the table as text, at most 20 rows. */
    @Override
    public String toString() {
        return toTable().print(20);
    }

    private FidelityReport withRow(Row row) {
        List<Row> more = new ArrayList<>(rows);
        more.add(row);
        return new FidelityReport(trueProblem, metaParameters, tasks, reference, trueGradient, more);
    }

    /** Rejects a surrogate whose model parameters or learned step sizes differ from the true problem's. */
    private void requireSameMetaParameters(String label, MetaProblem surrogate) {
        List<String> expected = List.copyOf(trueProblem.model().parameterShapes().keySet());
        List<String> actual = List.copyOf(surrogate.model().parameterShapes().keySet());
        boolean sameSteps = surrogate.innerLoop().learnedStepSizes() == trueProblem.innerLoop().learnedStepSizes();
        if (!expected.equals(actual) || !sameSteps) {
            throw new IllegalArgumentException("the surrogate '" + label + "' has model parameters " + actual
                    + (surrogate.innerLoop().learnedStepSizes() ? " with" : " without") + " learned step sizes, but the true problem has "
                    + expected + (trueProblem.innerLoop().learnedStepSizes() ? " with" : " without")
                    + " them; compare surrogates over the same meta-parameters (same model, same learned step sizes)");
        }
    }

    private Row row(String label, MetaProblem surrogate, MetaGradient gradient, double trainedLoss) {
        MetaProblem trueOuter = new MetaProblem(surrogate.model(), surrogate.innerLoop(), trueProblem.outerLoss());
        double trueQueryLoss = mean(TaskEvaluation.afterAdaptation(trueOuter, metaParameters, tasks)[0]);
        return new Row(label, gradient.diagnostics().estimator(), gradient.cosine(trueGradient),
                gradient.relativeError(trueGradient), gradient.gradient().norm(), trueQueryLoss, trainedLoss,
                gradient.diagnostics().retainedBytes(), gradient.diagnostics().wallMillis());
    }

    private static double mean(double[] values) {
        return Arrays.stream(values).average().orElse(Double.NaN);
    }
}
