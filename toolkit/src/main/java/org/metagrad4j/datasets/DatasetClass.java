package org.metagrad4j.datasets;

import java.util.Objects;

/**
 * One class of a {@link LabeledDataset}.
 *
 * @param id           the class id in the source dataset (for Omniglot the global character id 1..1623,
 *                     for IDX and CSV files the label value); unique within a dataset
 * @param name         a human-readable name, such as {@code "Greek/character05"} or {@code "Trouser"}
 * @param exampleCount the number of examples the dataset holds for this class
 */
public record DatasetClass(long id, String name, int exampleCount) {

    /** Checks the name and the example count. */
    public DatasetClass {
        Objects.requireNonNull(name, "name");
        if (exampleCount < 0) {
            throw new IllegalArgumentException("exampleCount must be >= 0, got " + exampleCount + " for class " + id);
        }
    }

    @Override
    public String toString() {
        return id + " '" + name + "' (" + exampleCount + " examples)";
    }
}
