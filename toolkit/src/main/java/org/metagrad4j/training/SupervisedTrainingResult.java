package org.metagrad4j.training;

import org.metagrad4j.nn.Parameters;
import tech.tablesaw.api.Table;
import tech.tablesaw.plotly.api.LinePlot;
import tech.tablesaw.plotly.components.Figure;

/**
 * The outcome of {@link SupervisedTrainer#train}.
 *
 * @param parameters the parameters after the last step
 * @param history    one row per step: step, mini-batch loss, mini-batch accuracy, time (ms)
 */
public record SupervisedTrainingResult(Parameters parameters, Table history) {

    /** Returns the history table. */
    public Table toTable() {
        return history;
    }

    /** Plots the mini-batch loss against the step. */
    public Figure plot() {
        return LinePlot.create(history.name(), history, "step", "loss");
    }

    /** Returns the mean of the last {@code n} steps' value in {@code column} ("loss" or "accuracy"). */
    public double finalMean(String column, int n) {
        int rows = history.rowCount();
        if (rows == 0) {
            return Double.NaN;
        }
        var values = history.doubleColumn(column);
        double total = 0;
        int from = Math.max(0, rows - n);
        for (int i = from; i < rows; i++) {
            total += values.getDouble(i);
        }
        return total / (rows - from);
    }

    @Override
    public String toString() {
        return "SupervisedTrainingResult[" + history.rowCount() + " steps, final loss " + String.format("%.4g", finalMean("loss", 20))
                + ", accuracy " + String.format("%.3f", finalMean("accuracy", 20)) + " (means of the last 20 mini-batches), "
                + parameters + "]";
    }
}
