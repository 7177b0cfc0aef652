package org.metagrad4j.datasets;

/** A view of some classes of another store, in a given order; it shares the other store's values. */
final class IndexedExampleStore implements ExampleStore {
    private final ExampleStore base;
    private final int[] baseClassIndices;

    private IndexedExampleStore(ExampleStore base, int[] baseClassIndices) {
        this.base = base;
        this.baseClassIndices = baseClassIndices;
    }

    /** Returns a view of {@code store}'s classes {@code classIndices}, without stacking views on views. */
    static ExampleStore of(ExampleStore store, int[] classIndices) {
        if (store instanceof IndexedExampleStore indexed) {
            int[] composed = new int[classIndices.length];
            for (int i = 0; i < classIndices.length; i++) {
                composed[i] = indexed.baseClassIndices[classIndices[i]];
            }
            return new IndexedExampleStore(indexed.base, composed);
        }
        return new IndexedExampleStore(store, classIndices.clone());
    }

    @Override
    public int classCount() {
        return baseClassIndices.length;
    }

    @Override
    public int exampleCount(int classIndex) {
        return base.exampleCount(baseClassIndices[classIndex]);
    }

    @Override
    public int exampleSize() {
        return base.exampleSize();
    }

    @Override
    public void read(int classIndex, int exampleIndex, double[] destination, int offset) {
        base.read(baseClassIndices[classIndex], exampleIndex, destination, offset);
    }

    @Override
    public long storageBytes() {
        // The view shares the base store's values.
        return base.storageBytes();
    }
}
