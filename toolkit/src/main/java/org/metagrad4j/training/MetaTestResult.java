package org.metagrad4j.training;

import java.util.ArrayList;
import java.util.List;
import org.metagrad4j.estimators.MetaProblem;
import org.metagrad4j.estimators.TaskEvaluation;
import org.metagrad4j.nn.Parameters;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Meta-test performance: mean query loss and accuracy after adaptation over held-out tasks, with
 * 95% confidence half-widths (1.96 standard errors of the per-task values).
 */
public record MetaTestResult(String label, int tasks, double meanLoss, double lossInterval, double meanAccuracy,
                             double accuracyInterval) implements org.metagrad4j.display.Displayable {

    /** A one-row table as HTML, with the summary as text. */
    @Override
    public java.util.Map<String, String> mimeBundle() {
        java.util.Map<String, String> bundle = new java.util.LinkedHashMap<>(
                org.metagrad4j.display.Display.bundle(toTable(java.util.List.of(this))));
        bundle.put("text/plain", toString());
        return bundle;
    }

    /**
     * Adapts to {@code tasks} tasks drawn from {@code sampler} (in batches of {@code batchSize}) and
     * evaluates each task's query set.
     */
    public static MetaTestResult evaluate(MetaProblem problem, Parameters parameters, MetaBatchSampler sampler, int tasks,
                                          int batchSize, long seed) {
        return evaluate("", problem, parameters, sampler, tasks, batchSize, seed);
    }

    /** As {@link #evaluate(MetaProblem, Parameters, MetaBatchSampler, int, int, long)}, labelled for tables. */
    public static MetaTestResult evaluate(String label, MetaProblem problem, Parameters parameters, MetaBatchSampler sampler,
                                          int tasks, int batchSize, long seed) {
        if (tasks < 2 || batchSize < 1) {
            throw new IllegalArgumentException("meta-test needs tasks >= 2 and batchSize >= 1, got tasks=" + tasks
                    + ", batchSize=" + batchSize);
        }
        List<Double> losses = new ArrayList<>();
        List<Double> accuracies = new ArrayList<>();
        for (int batch = 0; losses.size() < tasks; batch++) {
            int count = Math.min(batchSize, tasks - losses.size());
            double[][] values = TaskEvaluation.afterAdaptation(problem, parameters,
                    sampler.sample(count, MetaTrainer.seedForStep(seed, batch)));
            for (int i = 0; i < count; i++) {
                losses.add(values[0][i]);
                accuracies.add(values[1][i]);
            }
        }
        double[] loss = meanAndInterval(losses);
        double[] accuracy = meanAndInterval(accuracies);
        return new MetaTestResult(label, tasks, loss[0], loss[1], accuracy[0], accuracy[1]);
    }

    private static double[] meanAndInterval(List<Double> values) {
        double mean = values.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
        double variance = values.stream().mapToDouble(v -> (v - mean) * (v - mean)).sum() / (values.size() - 1);
        return new double[] {mean, 1.96 * Math.sqrt(variance / values.size())};
    }

    /** Rows of several results as one table. */
    public static Table toTable(List<MetaTestResult> results) {
        Table table = Table.create("meta-test", StringColumn.create("model"), IntColumn.create("tasks"),
                DoubleColumn.create("query loss"), DoubleColumn.create("± 95%"), DoubleColumn.create("accuracy"),
                DoubleColumn.create("accuracy ± 95%"));
        for (MetaTestResult r : results) {
            table.stringColumn(0).append(r.label);
            table.intColumn(1).append(r.tasks);
            table.doubleColumn(2).append(r.meanLoss);
            table.doubleColumn(3).append(r.lossInterval);
            table.doubleColumn(4).append(r.meanAccuracy);
            table.doubleColumn(5).append(r.accuracyInterval);
        }
        return table;
    }

    @Override
    public String toString() {
        String s = (label.isEmpty() ? "" : label + ": ") + "query loss " + String.format("%.4g ± %.2g", meanLoss, lossInterval);
        if (!Double.isNaN(meanAccuracy)) {
            s += String.format(", accuracy %.2f%% ± %.2f%%", 100 * meanAccuracy, 100 * accuracyInterval);
        }
        return s + " (" + tasks + " tasks, 95% interval)";
    }
}
