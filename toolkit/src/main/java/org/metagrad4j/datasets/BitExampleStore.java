package org.metagrad4j.datasets;

/**
 * One bit per value, read as 1.0 (set) or 0.0 (clear): binary images such as Omniglot's, at an
 * eighth of the memory of one byte per pixel.
 */
final class BitExampleStore implements ExampleStore {
    private final long[][] bitsByClass;
    private final int[] exampleCounts;
    private final int exampleSize;

    /**
     * @param bitsByClass   for each class, its examples' bits back to back (bit {@code i} of the
     *                      class is bit {@code i % 64} of word {@code i / 64})
     * @param exampleCounts examples per class
     * @param exampleSize   values per example
     */
    BitExampleStore(long[][] bitsByClass, int[] exampleCounts, int exampleSize) {
        this.bitsByClass = bitsByClass;
        this.exampleCounts = exampleCounts;
        this.exampleSize = exampleSize;
    }

    /** Returns a zeroed word array large enough for {@code exampleCount} examples of {@code exampleSize} bits. */
    static long[] allocate(int exampleCount, int exampleSize) {
        long bits = (long) exampleCount * exampleSize;
        return new long[(int) ((bits + 63) / 64)];
    }

    /** Sets bit {@code index} of {@code words}. */
    static void set(long[] words, long index) {
        words[(int) (index >>> 6)] |= 1L << (index & 63);
    }

    @Override
    public int classCount() {
        return bitsByClass.length;
    }

    @Override
    public int exampleCount(int classIndex) {
        return exampleCounts[classIndex];
    }

    @Override
    public int exampleSize() {
        return exampleSize;
    }

    @Override
    public void read(int classIndex, int exampleIndex, double[] destination, int offset) {
        long[] words = bitsByClass[classIndex];
        long start = (long) exampleIndex * exampleSize;
        for (int i = 0; i < exampleSize; i++) {
            long bit = start + i;
            destination[offset + i] = (words[(int) (bit >>> 6)] >>> (bit & 63) & 1L) == 0 ? 0.0 : 1.0;
        }
    }

    @Override
    public long storageBytes() {
        long total = 0;
        for (long[] words : bitsByClass) {
            total += 8L * words.length;
        }
        return total;
    }
}
