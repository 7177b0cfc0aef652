package org.metagrad4j.benchmarks;

import java.util.List;
import java.util.Map;
import org.metagrad4j.display.Display;
import org.metagrad4j.display.Displayable;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.plotly.components.Axis;
import tech.tablesaw.plotly.components.Figure;
import tech.tablesaw.plotly.components.Layout;
import tech.tablesaw.plotly.components.Marker;
import tech.tablesaw.plotly.traces.ScatterTrace;

/** The measurements of an {@link Ablation}, one row per entry. */
public final class AblationResult implements Displayable {

    /**
     * One entry's measurements.
     *
     * @param label         the entry's label
     * @param cosine        cosine similarity of its meta-gradient with the exact one
     * @param relativeError ‖g − g_exact‖ / ‖g_exact‖
     * @param medianMillis  median wall time of one meta-step
     * @param p10Millis     10th percentile of the wall time
     * @param p90Millis     90th percentile of the wall time
     * @param retainedBytes peak bytes retained for differentiation over the meta-batch
     * @param testLoss      mean meta-test query loss after training (NaN without training)
     * @param testLossInterval 95% half-width of the test loss
     * @param testAccuracy  mean meta-test accuracy (NaN for regression or without training)
     * @param testAccuracyInterval 95% half-width of the accuracy
     */
    public record Row(String label, double cosine, double relativeError, double medianMillis, double p10Millis, double p90Millis,
                      long retainedBytes, double testLoss, double testLossInterval, double testAccuracy,
                      double testAccuracyInterval) {
    }

    private final List<Row> rows;

    AblationResult(List<Row> rows) {
        this.rows = List.copyOf(rows);
    }

    public List<Row> rows() {
        return rows;
    }

    /** All rows as a table. */
    public Table toTable() {
        Table table = Table.create("ablation", StringColumn.create("estimator"), DoubleColumn.create("cosine to exact"),
                DoubleColumn.create("relative error"), DoubleColumn.create("median ms"), DoubleColumn.create("p10 ms"),
                DoubleColumn.create("p90 ms"), LongColumn.create("retained bytes"), DoubleColumn.create("test loss"),
                DoubleColumn.create("test loss ± 95%"), DoubleColumn.create("test accuracy"), DoubleColumn.create("accuracy ± 95%"));
        for (Row r : rows) {
            table.stringColumn(0).append(r.label());
            table.doubleColumn(1).append(r.cosine());
            table.doubleColumn(2).append(r.relativeError());
            table.doubleColumn(3).append(r.medianMillis());
            table.doubleColumn(4).append(r.p10Millis());
            table.doubleColumn(5).append(r.p90Millis());
            table.longColumn(6).append(r.retainedBytes());
            table.doubleColumn(7).append(r.testLoss());
            table.doubleColumn(8).append(r.testLossInterval());
            table.doubleColumn(9).append(r.testAccuracy());
            table.doubleColumn(10).append(r.testAccuracyInterval());
        }
        return table;
    }

    /** Relative error to the exact meta-gradient against median time per meta-step, one point per entry. */
    public Figure plot() {
        return scatter("Meta-gradient error vs time", "median time per meta-step (ms)", "relative error to exact",
                rows.stream().mapToDouble(Row::medianMillis).toArray(), rows.stream().mapToDouble(Row::relativeError).toArray());
    }

    /** Meta-test loss (or accuracy, for classification) against median time: the Pareto view. */
    public Figure paretoPlot() {
        boolean accuracy = rows.stream().anyMatch(r -> !Double.isNaN(r.testAccuracy()));
        double[] y = rows.stream().mapToDouble(r -> accuracy ? r.testAccuracy() : r.testLoss()).toArray();
        return scatter(accuracy ? "Meta-test accuracy vs time" : "Meta-test loss vs time", "median time per meta-step (ms)",
                accuracy ? "meta-test accuracy" : "meta-test loss", rows.stream().mapToDouble(Row::medianMillis).toArray(), y);
    }

    private Figure scatter(String title, String xTitle, String yTitle, double[] x, double[] y) {
        String[] labels = rows.stream().map(Row::label).toArray(String[]::new);
        ScatterTrace trace = ScatterTrace.builder(x, y).mode(ScatterTrace.Mode.TEXT_AND_MARKERS).text(labels)
                .marker(Marker.builder().size(10).build()).build();
        Layout layout = Layout.builder(title).xAxis(Axis.builder().title(xTitle).type(Axis.Type.LOG).build())
                .yAxis(Axis.builder().title(yTitle).build()).height(450).width(750).build();
        return new Figure(layout, trace);
    }

    @Override
    public Map<String, String> mimeBundle() {
        return Display.bundle(toTable());
    }

    @Override
    public String toString() {
        return toTable().printAll();
    }
}
