package org.metagrad4j.training;

import org.metagrad4j.nn.Parameters;
import tech.tablesaw.api.Table;
import tech.tablesaw.plotly.api.LinePlot;
import tech.tablesaw.plotly.components.Figure;

/**
 * The outcome of meta-training.
 *
 * @param parameters     meta-parameters after the last step
 * @param bestParameters those with the lowest validation loss (the last ones without validation)
 * @param history        one row per step: step, meta-loss (query loss after adaptation), query loss
 *                       before adaptation, accuracy, time (ms), retained bytes, validation loss and accuracy
 * @param estimator      the estimator's name
 */
public record MetaTrainingResult(Parameters parameters, Parameters bestParameters, Table history, String estimator)
        implements org.metagrad4j.display.Displayable {

    /** The history table (bounded) as HTML, with the summary as text. */
    @Override
    public java.util.Map<String, String> mimeBundle() {
        java.util.Map<String, String> bundle = new java.util.LinkedHashMap<>(org.metagrad4j.display.Display.bundle(history));
        bundle.put("text/plain", toString());
        return bundle;
    }

    /** The history table. */
    public Table toTable() {
        return history;
    }

    /** Meta-loss against step. */
    public Figure plot() {
        return LinePlot.create("Meta-training (" + estimator + ")", history, "step", "meta-loss");
    }

    /** Mean of the last {@code n} steps' meta-loss. */
    public double finalMetaLoss(int n) {
        int rows = history.rowCount();
        if (rows == 0) {
            return Double.NaN;
        }
        var column = history.doubleColumn("meta-loss");
        double total = 0;
        int from = Math.max(0, rows - n);
        for (int i = from; i < rows; i++) {
            total += column.getDouble(i);
        }
        return total / (rows - from);
    }

    @Override
    public String toString() {
        return "MetaTrainingResult[" + estimator + ", " + history.rowCount() + " steps, final meta-loss "
                + String.format("%.4g", finalMetaLoss(10)) + " (mean of last 10), " + parameters + "]";
    }
}
