package org.metagrad4j.datasets;

/** Unsigned bytes per value, read as {@code (byte & 0xFF) * scale}: 8-bit images, resized binary images. */
final class ByteExampleStore implements ExampleStore {
    private final byte[][] valuesByClass;
    private final int exampleSize;
    private final double scale;

    /**
     * @param valuesByClass for each class, its examples' values back to back
     * @param exampleSize   values per example
     * @param scale         factor that maps a stored byte to its value
     */
    ByteExampleStore(byte[][] valuesByClass, int exampleSize, double scale) {
        this.valuesByClass = valuesByClass;
        this.exampleSize = exampleSize;
        this.scale = scale;
    }

    double scale() {
        return scale;
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
        byte[] values = valuesByClass[classIndex];
        int start = exampleIndex * exampleSize;
        for (int i = 0; i < exampleSize; i++) {
            destination[offset + i] = (values[start + i] & 0xFF) * scale;
        }
    }

    @Override
    public long storageBytes() {
        long total = 0;
        for (byte[] values : valuesByClass) {
            total += values.length;
        }
        return total;
    }
}
