package org.metagrad4j.datasets;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import tech.tablesaw.api.ColumnType;
import tech.tablesaw.api.NumericColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;
import tech.tablesaw.io.csv.CsvReadOptions;

/**
 * Reads a labelled table from a CSV file: one example per row, numeric feature columns and one
 * label column. Parsing is done by Tablesaw's CSV reader.
 *
 * <p>Examples have shape {@code [features]}. An integer label column gives class ids equal to its
 * values, and each class is named by its value. A text label column gives classes named by the
 * text, with ids 0, 1, ... in sorted text order.
 */
public final class CsvDatasets {

    private CsvDatasets() {
    }

    /**
     * Reads a CSV file with a header row, using the column {@code labelColumn} as label and every
     * other column as a feature.
     *
     * @param file        the CSV file
     * @param labelColumn the header name of the label column
     * @see #read(Path, Options)
     */
    public static LabeledDataset read(Path file, String labelColumn) {
        return read(file, Options.builder().labelColumn(labelColumn).build());
    }

    /**
     * Reads a CSV file.
     *
     * @param file    the CSV file
     * @param options the header setting, separator, label column and feature columns
     * @return the dataset, classes ordered by id, examples in file order
     * @throws DatasetNotFoundException if the file does not exist
     * @throws DatasetFormatException   if a column is missing, a feature is not numeric, a value is missing, or a
     *                                  numeric label is not an integer
     */
    public static LabeledDataset read(Path file, Options options) {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(options, "options");
        if (!Files.isRegularFile(file)) {
            throw new DatasetNotFoundException("CSV file not found: " + file.toAbsolutePath());
        }
        Table table;
        try {
            table = Table.read().usingOptions(CsvReadOptions.builder(file.toFile())
                    .header(options.header)
                    .separator(options.separator)
                    .tableName(file.getFileName().toString()));
        } catch (RuntimeException e) {
            throw new DatasetFormatException("Failed to parse CSV file " + file + ": " + e.getMessage(), e);
        }
        if (table.rowCount() == 0) {
            throw new DatasetFormatException(file + " has no data rows");
        }
        Column<?> label = labelColumn(table, options, file);
        List<Column<?>> features = featureColumns(table, options, label, file);
        long[] labels = new long[table.rowCount()];
        Map<Long, String> names = new HashMap<>();
        readLabels(label, labels, names, file);
        double[][] rows = readFeatures(features, table.rowCount(), file);
        String name = options.name != null ? options.name : file.getFileName().toString();
        return ExampleGrouping.group(name, new long[] {features.size()}, labels, names,
                (row, destination, offset) -> System.arraycopy(rows[row], 0, destination, offset, features.size()));
    }

    private static Column<?> labelColumn(Table table, Options options, Path file) {
        if (options.labelColumnName != null) {
            if (!table.columnNames().contains(options.labelColumnName)) {
                throw new DatasetFormatException(file + " has no column '" + options.labelColumnName + "'; its columns are "
                        + table.columnNames() + (options.header ? "" : " (without a header row columns are named C0, C1, ...)"));
            }
            return table.column(options.labelColumnName);
        }
        int index = options.labelColumnIndex < 0 ? table.columnCount() + options.labelColumnIndex : options.labelColumnIndex;
        if (index < 0 || index >= table.columnCount()) {
            throw new DatasetFormatException("label column index " + options.labelColumnIndex + " is out of range for "
                    + file + ", which has " + table.columnCount() + " columns");
        }
        return table.column(index);
    }

    private static List<Column<?>> featureColumns(Table table, Options options, Column<?> label, Path file) {
        List<Column<?>> features = new ArrayList<>();
        if (options.featureColumns != null) {
            for (String column : options.featureColumns) {
                if (!table.columnNames().contains(column)) {
                    throw new DatasetFormatException(file + " has no feature column '" + column + "'; its columns are "
                            + table.columnNames());
                }
                features.add(table.column(column));
            }
        } else {
            for (Column<?> column : table.columns()) {
                if (column != label) {
                    features.add(column);
                }
            }
        }
        if (features.isEmpty()) {
            throw new DatasetFormatException(file + " has no feature columns besides the label column '" + label.name() + "'");
        }
        for (Column<?> column : features) {
            if (!(column instanceof NumericColumn<?>)) {
                throw new DatasetFormatException("feature column '" + column.name() + "' of " + file + " is "
                        + column.type().name() + ", not numeric; drop it with Options.featureColumns(...) or fix the values");
            }
        }
        return features;
    }

    private static void readLabels(Column<?> label, long[] labels, Map<Long, String> names, Path file) {
        for (int row = 0; row < labels.length; row++) {
            if (label.isMissing(row)) {
                throw new DatasetFormatException(file + " has no label in column '" + label.name() + "' at data row " + (row + 1));
            }
        }
        if (label instanceof NumericColumn<?> numeric && label.type() != ColumnType.BOOLEAN) {
            for (int row = 0; row < labels.length; row++) {
                double value = numeric.getDouble(row);
                if (value != Math.rint(value)) {
                    throw new DatasetFormatException("label column '" + label.name() + "' of " + file + " contains " + value
                            + " at data row " + (row + 1) + "; numeric labels must be integers (or use text labels)");
                }
                labels[row] = (long) value;
            }
            return;
        }
        String[] texts = new String[labels.length];
        for (int row = 0; row < labels.length; row++) {
            texts[row] = label.getString(row);
        }
        String[] distinct = Arrays.stream(texts).distinct().sorted().toArray(String[]::new);
        for (int i = 0; i < distinct.length; i++) {
            names.put((long) i, distinct[i]);
        }
        for (int row = 0; row < labels.length; row++) {
            labels[row] = Arrays.binarySearch(distinct, texts[row]);
        }
    }

    private static double[][] readFeatures(List<Column<?>> features, int rowCount, Path file) {
        double[][] rows = new double[rowCount][features.size()];
        for (int f = 0; f < features.size(); f++) {
            NumericColumn<?> column = (NumericColumn<?>) features.get(f);
            for (int row = 0; row < rowCount; row++) {
                if (column.isMissing(row)) {
                    throw new DatasetFormatException(file + " has a missing value in feature column '" + column.name()
                            + "' at data row " + (row + 1) + "; fill or drop it before loading");
                }
                rows[row][f] = column.getDouble(row);
            }
        }
        return rows;
    }

    /** How to read a CSV file: header row, separator, label column and feature columns. */
    public static final class Options {
        private final boolean header;
        private final char separator;
        private final String labelColumnName;
        private final int labelColumnIndex;
        private final List<String> featureColumns;
        private final String name;

        private Options(Builder builder) {
            this.header = builder.header;
            this.separator = builder.separator;
            this.labelColumnName = builder.labelColumnName;
            this.labelColumnIndex = builder.labelColumnIndex;
            this.featureColumns = builder.featureColumns == null ? null : List.copyOf(builder.featureColumns);
            this.name = builder.name;
        }

        /** Returns a builder: header row, comma separator, label in the last column, every other column a feature. */
        public static Builder builder() {
            return new Builder();
        }

        @Override
        public String toString() {
            return "CsvDatasets.Options{header=" + header + ", separator='" + separator + "', label="
                    + (labelColumnName != null ? "'" + labelColumnName + "'" : "column " + labelColumnIndex)
                    + ", features=" + (featureColumns == null ? "all other columns" : featureColumns)
                    + (name == null ? "" : ", name='" + name + "'") + "}";
        }

        /** Builder of {@link Options}. */
        public static final class Builder {
            private boolean header = true;
            private char separator = ',';
            private String labelColumnName;
            private int labelColumnIndex = -1;
            private List<String> featureColumns;
            private String name;

            private Builder() {
            }

            /** Sets whether the first row names the columns (default true); without it columns are named C0, C1, .... */
            public Builder header(boolean hasHeader) {
                this.header = hasHeader;
                return this;
            }

            /** Sets the field separator (default ','). */
            public Builder separator(char fieldSeparator) {
                this.separator = fieldSeparator;
                return this;
            }

            /** Selects the label column by header name. */
            public Builder labelColumn(String columnName) {
                this.labelColumnName = Objects.requireNonNull(columnName, "columnName");
                return this;
            }

            /** Selects the label column by position: 0 is the first, -1 (the default) the last. */
            public Builder labelColumn(int columnIndex) {
                this.labelColumnName = null;
                this.labelColumnIndex = columnIndex;
                return this;
            }

            /** Uses only these columns as features, in this order (default: every column but the label). */
            public Builder featureColumns(List<String> columnNames) {
                this.featureColumns = List.copyOf(columnNames);
                return this;
            }

            /** Sets the dataset's name (default: the file name). */
            public Builder name(String datasetName) {
                this.name = datasetName;
                return this;
            }

            /** Returns the options. */
            public Options build() {
                return new Options(this);
            }
        }
    }
}
