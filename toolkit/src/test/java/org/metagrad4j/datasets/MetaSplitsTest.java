package org.metagrad4j.datasets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/** Class-disjoint meta-splits. */
class MetaSplitsTest {

    private static LabeledDataset dataset(int classes, int perClass) {
        long[] labels = new long[classes * perClass];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = 100 + i / perClass;
        }
        return LabeledDataset.fromArrays("toy", Nd4j.rand(DataType.DOUBLE, labels.length, 3), labels);
    }

    private static Set<Long> ids(LabeledDataset dataset) {
        Set<Long> ids = new HashSet<>();
        dataset.classes().forEach(c -> ids.add(c.id()));
        return ids;
    }

    @Test
    void byClassCountsIsDisjointAndReproducible() {
        LabeledDataset toy = dataset(20, 2);

        MetaSplits first = MetaSplits.byClassCounts(toy, 12, 3, 5, 42);
        MetaSplits again = MetaSplits.byClassCounts(toy, 12, 3, 5, 42);

        assertEquals(12, first.train().classCount());
        assertEquals(3, first.validation().classCount());
        assertEquals(5, first.test().classCount());
        Set<Long> all = new HashSet<>(ids(first.train()));
        all.addAll(ids(first.validation()));
        all.addAll(ids(first.test()));
        assertEquals(20, all.size());
        assertEquals(ids(first.test()), ids(again.test()));
    }

    @Test
    void overlappingSplitsAreRejected() {
        LabeledDataset toy = dataset(6, 2);
        LabeledDataset train = toy.selectClasses(List.of(100L, 101L, 102L, 103L));
        LabeledDataset test = toy.selectClasses(List.of(103L, 104L));

        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> MetaSplits.of(train, toy.selectClasses(List.of()), test));
        assertTrue(error.getMessage().contains("class 103 in train and test"), error.getMessage());
    }

    @Test
    void rotatedCopyCountsAsItsClass() {
        long[] labels = {1, 1, 2, 2};
        LabeledDataset images = LabeledDataset.fromArrays("img", Nd4j.rand(DataType.DOUBLE, 4, 1, 2, 2), labels);
        LabeledDataset rotated = images.withRotatedClasses();
        LabeledDataset rotatedOnly = rotated.classRange(2, 8);

        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> MetaSplits.of(images.selectClasses(List.of(1L)), images.selectClasses(List.of()), rotatedOnly));
        assertTrue(error.getMessage().contains("class 1 in train and test"), error.getMessage());
    }

    @Test
    void tooManyClassesRequestedIsRejected() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> MetaSplits.byClassCounts(dataset(5, 2), 3, 1, 2, 0));
        assertTrue(error.getMessage().contains("exceed the 5 classes"), error.getMessage());
    }
}
