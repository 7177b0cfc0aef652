package org.metagrad4j.datasets;

/** Double values, for feature tables (CSV) and arrays supplied by the caller. */
final class DoubleExampleStore implements ExampleStore {
    private final double[][] valuesByClass;
    private final int exampleSize;

    /**
     * @param valuesByClass for each class, its examples' values back to back
     * @param exampleSize   values per example
     */
    DoubleExampleStore(double[][] valuesByClass, int exampleSize) {
        this.valuesByClass = valuesByClass;
        this.exampleSize = exampleSize;
    }

    @Override
    public int classCount() {
        return valuesByClass.length;
    }

    @Override
    public int exampleCount(int classIndex) {
        return valuesByClass[classIndex].length / exampleSize;
    }

    @Override
    public int exampleSize() {
        return exampleSize;
    }

    @Override
    public void read(int classIndex, int exampleIndex, double[] destination, int offset) {
        System.arraycopy(valuesByClass[classIndex], exampleIndex * exampleSize, destination, offset, exampleSize);
    }

    @Override
    public long storageBytes() {
        long total = 0;
        for (double[] values : valuesByClass) {
            total += 8L * values.length;
        }
        return total;
    }
}
