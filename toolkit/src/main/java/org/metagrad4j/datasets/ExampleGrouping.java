package org.metagrad4j.datasets;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** Groups examples given in file order with one label each into classes ordered by id. */
final class ExampleGrouping {

    /** Copies the values of one example, given by its row in file order, into a destination array. */
    @FunctionalInterface
    interface RowReader {
        void read(int row, double[] destination, int offset);
    }

    private ExampleGrouping() {
    }

    /** Returns the distinct labels in increasing order. */
    static long[] sortedClassIds(long[] labels) {
        return Arrays.stream(labels).distinct().sorted().toArray();
    }

    /** Returns, for each id of {@code classIds}, the rows that carry it, in file order. */
    static int[][] rowsByClass(long[] labels, long[] classIds) {
        int[] counts = new int[classIds.length];
        int[] classOfRow = new int[labels.length];
        for (int row = 0; row < labels.length; row++) {
            classOfRow[row] = Arrays.binarySearch(classIds, labels[row]);
            counts[classOfRow[row]]++;
        }
        int[][] rows = new int[classIds.length][];
        for (int c = 0; c < classIds.length; c++) {
            rows[c] = new int[counts[c]];
        }
        int[] filled = new int[classIds.length];
        for (int row = 0; row < labels.length; row++) {
            int c = classOfRow[row];
            rows[c][filled[c]++] = row;
        }
        return rows;
    }

    /** Returns the classes of a grouping, named from {@code classNames} or by id. */
    static List<DatasetClass> classes(long[] classIds, int[][] rows, Map<Long, String> classNames) {
        List<DatasetClass> classes = new ArrayList<>(classIds.length);
        for (int c = 0; c < classIds.length; c++) {
            String name = classNames.getOrDefault(classIds[c], Long.toString(classIds[c]));
            classes.add(new DatasetClass(classIds[c], name, rows[c].length));
        }
        return classes;
    }

    /** Builds a dataset that stores doubles, grouping rows by label. */
    static LabeledDataset group(String name, long[] exampleShape, long[] labels, Map<Long, String> classNames, RowReader reader) {
        int exampleSize = Math.toIntExact(Arrays.stream(exampleShape).reduce(1, (a, b) -> a * b));
        long[] classIds = sortedClassIds(labels);
        int[][] rows = rowsByClass(labels, classIds);
        double[][] values = new double[classIds.length][];
        for (int c = 0; c < classIds.length; c++) {
            values[c] = new double[rows[c].length * exampleSize];
            for (int e = 0; e < rows[c].length; e++) {
                reader.read(rows[c][e], values[c], e * exampleSize);
            }
        }
        return new LabeledDataset(name, exampleShape, classes(classIds, rows, classNames),
                new DoubleExampleStore(values, exampleSize));
    }
}
