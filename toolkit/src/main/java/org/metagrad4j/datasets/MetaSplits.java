package org.metagrad4j.datasets;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.function.UnaryOperator;

/**
 * Meta-train, meta-validation and meta-test datasets whose classes are disjoint, as few-shot
 * evaluation requires: a test task must be made of classes never seen in meta-training.
 *
 * <p>Classes are compared by base class id ({@link LabeledDataset#baseClassId(int)}), so a
 * rotated copy of a class also counts as that class. The validation set may have no classes.
 */
public final class MetaSplits {
    private final LabeledDataset train;
    private final LabeledDataset validation;
    private final LabeledDataset test;

    private MetaSplits(LabeledDataset train, LabeledDataset validation, LabeledDataset test) {
        this.train = train;
        this.validation = validation;
        this.test = test;
    }

    /**
     * Creates splits from three datasets, checking that no class appears in two of them.
     *
     * @param train      the meta-training classes
     * @param validation the meta-validation classes (may have none)
     * @param test       the meta-test classes
     * @throws IllegalArgumentException if a class id appears in more than one split, naming the ids and splits
     */
    public static MetaSplits of(LabeledDataset train, LabeledDataset validation, LabeledDataset test) {
        Objects.requireNonNull(train, "train");
        Objects.requireNonNull(validation, "validation");
        Objects.requireNonNull(test, "test");
        Map<Long, String> owner = new HashMap<>();
        List<String> overlaps = new ArrayList<>();
        int overlapCount = 0;
        String[] names = {"train", "validation", "test"};
        LabeledDataset[] splits = {train, validation, test};
        for (int s = 0; s < splits.length; s++) {
            for (int c = 0; c < splits[s].classCount(); c++) {
                long id = splits[s].baseClassId(c);
                String previous = owner.putIfAbsent(id, names[s]);
                if (previous != null && !previous.equals(names[s])) {
                    overlapCount++;
                    if (overlaps.size() < 5) {
                        overlaps.add("class " + id + " in " + previous + " and " + names[s]);
                    }
                }
            }
        }
        if (overlapCount > 0) {
            throw new IllegalArgumentException("meta-splits must have disjoint classes, but " + overlapCount
                    + " classes are in two splits: " + String.join("; ", overlaps) + (overlapCount > overlaps.size() ? "; ..." : "")
                    + ". Split by class, for example with MetaSplits.byClassCounts(dataset, ...)");
        }
        return new MetaSplits(train, validation, test);
    }

    /**
     * Splits one dataset's classes at random into three disjoint sets of the given sizes.
     *
     * @param dataset         the dataset to split
     * @param trainClasses    the number of meta-training classes, ≥ 1
     * @param validationClasses the number of meta-validation classes, ≥ 0
     * @param testClasses     the number of meta-test classes, ≥ 1
     * @param seed            the seed of the shuffle; the same seed gives the same split
     * @throws IllegalArgumentException if a count is out of range or the counts add up to more than the dataset's classes
     */
    public static MetaSplits byClassCounts(LabeledDataset dataset, int trainClasses, int validationClasses, int testClasses,
                                           long seed) {
        if (trainClasses < 1 || validationClasses < 0 || testClasses < 1) {
            throw new IllegalArgumentException("class counts must be train >= 1, validation >= 0, test >= 1, got "
                    + trainClasses + ", " + validationClasses + ", " + testClasses);
        }
        long total = (long) trainClasses + validationClasses + testClasses;
        if (total > dataset.classCount()) {
            throw new IllegalArgumentException("class counts " + trainClasses + " + " + validationClasses + " + " + testClasses
                    + " = " + total + " exceed the " + dataset.classCount() + " classes of dataset '" + dataset.name()
                    + "'; lower the counts");
        }
        int[] order = new int[dataset.classCount()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Random random = new Random(seed);
        for (int i = order.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int swap = order[i];
            order[i] = order[j];
            order[j] = swap;
        }
        int[] trainIndices = Arrays.copyOfRange(order, 0, trainClasses);
        int[] validationIndices = Arrays.copyOfRange(order, trainClasses, trainClasses + validationClasses);
        int[] testIndices = Arrays.copyOfRange(order, trainClasses + validationClasses, (int) total);
        Arrays.sort(trainIndices);
        Arrays.sort(validationIndices);
        Arrays.sort(testIndices);
        return of(dataset.subset(trainIndices, dataset.name() + "/train"),
                dataset.subset(validationIndices, dataset.name() + "/validation"),
                dataset.subset(testIndices, dataset.name() + "/test"));
    }

    /** Returns the meta-training classes. */
    public LabeledDataset train() {
        return train;
    }

    /** Returns the meta-validation classes (possibly none). */
    public LabeledDataset validation() {
        return validation;
    }

    /** Returns the meta-test classes. */
    public LabeledDataset test() {
        return test;
    }

    /**
     * Returns splits with a transformation applied to each dataset, such as
     * {@code splits.map(d -> d.resized(28, 28))}; the result is checked for disjointness again.
     *
     * @param transformation applied to train, validation and test
     */
    public MetaSplits map(UnaryOperator<LabeledDataset> transformation) {
        return of(transformation.apply(train), transformation.apply(validation), transformation.apply(test));
    }

    /** Returns splits whose images are resized by area averaging; see {@link LabeledDataset#resized(int, int)}. */
    public MetaSplits resized(int height, int width) {
        return map(dataset -> dataset.resized(height, width));
    }

    @Override
    public String toString() {
        return "MetaSplits: train " + train.classCount() + " classes, validation " + validation.classCount()
                + " classes, test " + test.classCount() + " classes"
                + "\n  train: " + train.toString().replace("\n", "\n  ")
                + "\n  validation: " + validation.toString().replace("\n", "\n  ")
                + "\n  test: " + test.toString().replace("\n", "\n  ");
    }
}
