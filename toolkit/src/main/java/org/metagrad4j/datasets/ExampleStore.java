package org.metagrad4j.datasets;

/**
 * Raw example values of a dataset, grouped by class, in the most compact form the source allows.
 * Values become floating point only when an example is read.
 */
interface ExampleStore {

    /** Returns the number of classes this store holds. */
    int classCount();

    /** Returns the number of examples of a class. */
    int exampleCount(int classIndex);

    /** Returns the number of values in one example (the product of the example shape). */
    int exampleSize();

    /** Writes the values of one example into {@code destination}, starting at {@code offset}. */
    void read(int classIndex, int exampleIndex, double[] destination, int offset);

    /** Returns the approximate heap bytes held by the example values. */
    long storageBytes();
}
