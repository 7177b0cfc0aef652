package org.metagrad4j.estimators;

import tech.tablesaw.api.BooleanColumn;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Measurements an estimator made while computing one meta-gradient.
 *
 * @param estimator          the estimator's name
 * @param queryLossBefore    mean query loss at the meta-parameters, before adaptation
 * @param queryLossAfter     mean query loss after adaptation
 * @param accuracyBefore     mean query accuracy before adaptation (NaN for regression)
 * @param accuracyAfter      mean query accuracy after adaptation (NaN for regression)
 * @param solverIterations   linear-solver iterations (0 where no solver runs)
 * @param residualNorm       final solver residual norm (NaN where no solver runs)
 * @param negativeCurvature  conjugate gradient met negative curvature
 * @param diverged           a Neumann series diverged
 * @param retainedBytes      peak bytes kept alive for differentiation over the meta-batch: tape
 *                           buffers plus stored parameter copies
 * @param taskCount          tasks in the meta-batch
 * @param wallNanos          wall time of the estimate
 * @param note               how the solve ended or other remarks; empty if none
 */
public record Diagnostics(String estimator, double queryLossBefore, double queryLossAfter, double accuracyBefore,
                          double accuracyAfter, int solverIterations, double residualNorm, boolean negativeCurvature,
                          boolean diverged, long retainedBytes, int taskCount, long wallNanos, String note)
        implements org.metagrad4j.display.Displayable {

    /** The one-row table as HTML, with this record's text. */
    @Override
    public java.util.Map<String, String> mimeBundle() {
        java.util.Map<String, String> bundle = new java.util.LinkedHashMap<>(org.metagrad4j.display.Display.bundle(toTable()));
        bundle.put("text/plain", toString());
        return bundle;
    }

    /** Peak retained bytes divided by the number of tasks. */
    public long retainedBytesPerTask() {
        return taskCount == 0 ? 0 : retainedBytes / taskCount;
    }

    /** Wall time in milliseconds. */
    public double wallMillis() {
        return wallNanos / 1e6;
    }

    /** Returns a one-row table of these values. */
    public Table toTable() {
        return Table.create("diagnostics",
                StringColumn.create("estimator", estimator),
                DoubleColumn.create("query loss before", queryLossBefore),
                DoubleColumn.create("query loss after", queryLossAfter),
                DoubleColumn.create("accuracy before", accuracyBefore),
                DoubleColumn.create("accuracy after", accuracyAfter),
                IntColumn.create("solver iterations", new int[] {solverIterations}),
                DoubleColumn.create("residual norm", residualNorm),
                BooleanColumn.create("negative curvature", new boolean[] {negativeCurvature}),
                BooleanColumn.create("diverged", new boolean[] {diverged}),
                LongColumn.create("retained bytes", retainedBytes),
                LongColumn.create("retained bytes per task", retainedBytesPerTask()),
                DoubleColumn.create("time (ms)", wallMillis()),
                StringColumn.create("note", note));
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(estimator).append(": query loss ").append(fmt(queryLossBefore)).append(" -> ")
                .append(fmt(queryLossAfter));
        if (!Double.isNaN(accuracyAfter)) {
            sb.append(", accuracy ").append(fmt(accuracyBefore)).append(" -> ").append(fmt(accuracyAfter));
        }
        if (solverIterations > 0 || !Double.isNaN(residualNorm)) {
            sb.append(", solver ").append(solverIterations).append(" iterations, residual ").append(fmt(residualNorm));
        }
        if (negativeCurvature) {
            sb.append(", NEGATIVE CURVATURE");
        }
        if (diverged) {
            sb.append(", DIVERGED");
        }
        sb.append(", retained ").append(retainedBytes).append(" B (").append(retainedBytesPerTask()).append(" B/task)")
                .append(", ").append(String.format("%.2f ms", wallMillis()));
        if (!note.isEmpty()) {
            sb.append(" [").append(note).append(']');
        }
        return sb.toString();
    }

    private static String fmt(double v) {
        return String.format("%.4g", v);
    }
}
