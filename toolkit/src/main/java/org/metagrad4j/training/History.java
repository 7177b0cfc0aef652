package org.metagrad4j.training;

import java.util.ArrayList;
import java.util.List;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.Table;

/** The step records of a meta-training run, in order. */
final class History {
    final List<MetaTrainer.StepRecord> records = new ArrayList<>();

    void add(MetaTrainer.StepRecord record) {
        records.add(record);
    }

    Table toTable(String name) {
        int n = records.size();
        IntColumn step = IntColumn.create("step", n);
        DoubleColumn before = DoubleColumn.create("query loss before", n);
        DoubleColumn after = DoubleColumn.create("meta-loss", n);
        DoubleColumn accuracy = DoubleColumn.create("accuracy", n);
        DoubleColumn millis = DoubleColumn.create("time (ms)", n);
        LongColumn bytes = LongColumn.create("retained bytes", n);
        DoubleColumn validationLoss = DoubleColumn.create("validation loss", n);
        DoubleColumn validationAccuracy = DoubleColumn.create("validation accuracy", n);
        for (int i = 0; i < n; i++) {
            MetaTrainer.StepRecord r = records.get(i);
            step.set(i, r.step());
            before.set(i, r.queryLossBefore());
            after.set(i, r.queryLossAfter());
            accuracy.set(i, r.accuracyAfter());
            millis.set(i, r.millis());
            bytes.set(i, r.retainedBytes());
            validationLoss.set(i, r.validationLoss());
            validationAccuracy.set(i, r.validationAccuracy());
        }
        return Table.create(name, step, after, before, accuracy, millis, bytes, validationLoss, validationAccuracy);
    }
}
