package org.metagrad4j.benchmarks;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.metagrad4j.display.Display;
import org.metagrad4j.display.Displayable;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.plotly.components.Axis;
import tech.tablesaw.plotly.components.Figure;
import tech.tablesaw.plotly.components.Layout;
import tech.tablesaw.plotly.traces.ScatterTrace;
import tech.tablesaw.plotly.traces.Trace;

/** Costs of each estimator along one swept setting (inner steps K or model width). */
public final class SweepResult implements Displayable {

    /** One estimator at one value of the swept setting. */
    public record Point(String label, int x, double medianMillis, long retainedBytes, double cosine) {
    }

    private final String variable;
    private final List<Point> points;

    SweepResult(String variable, List<Point> points) {
        this.variable = variable;
        this.points = List.copyOf(points);
    }

    public List<Point> points() {
        return points;
    }

    public Table toTable() {
        Table table = Table.create("sweep over " + variable, StringColumn.create("estimator"), IntColumn.create(variable),
                DoubleColumn.create("median ms"), LongColumn.create("retained bytes"), DoubleColumn.create("cosine to exact"));
        for (Point p : points) {
            table.stringColumn(0).append(p.label());
            table.intColumn(1).append(p.x());
            table.doubleColumn(2).append(p.medianMillis());
            table.longColumn(3).append(p.retainedBytes());
            table.doubleColumn(4).append(p.cosine());
        }
        return table;
    }

    /** Retained bytes against the swept setting, one line per estimator. */
    public Figure plotMemory() {
        return lines("Retained memory vs " + variable, "retained bytes", true);
    }

    /** Median time against the swept setting, one line per estimator. */
    public Figure plotTime() {
        return lines("Time per meta-step vs " + variable, "median ms", false);
    }

    private Figure lines(String title, String yTitle, boolean memory) {
        Map<String, List<Point>> byLabel = new LinkedHashMap<>();
        for (Point p : points) {
            byLabel.computeIfAbsent(p.label(), k -> new ArrayList<>()).add(p);
        }
        List<Trace> traces = new ArrayList<>();
        for (Map.Entry<String, List<Point>> e : byLabel.entrySet()) {
            double[] x = e.getValue().stream().mapToDouble(Point::x).toArray();
            double[] y = e.getValue().stream().mapToDouble(p -> memory ? p.retainedBytes() : p.medianMillis()).toArray();
            traces.add(ScatterTrace.builder(x, y).mode(ScatterTrace.Mode.LINE_AND_MARKERS).name(e.getKey()).showLegend(true).build());
        }
        Layout layout = Layout.builder(title).xAxis(Axis.builder().title(variable).build())
                .yAxis(Axis.builder().title(yTitle).type(Axis.Type.LOG).build()).height(450).width(750).build();
        return new Figure(layout, traces.toArray(new Trace[0]));
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
