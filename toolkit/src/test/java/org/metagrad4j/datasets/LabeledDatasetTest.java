package org.metagrad4j.datasets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import tech.tablesaw.api.Table;

/** Grouping, views, rotation, resizing and printing of labelled datasets. */
class LabeledDatasetTest {

    /** Two 3 × 3 images per class; pixel values 0..8 plus 100 × label plus 10 × example. */
    private static LabeledDataset images(long... classIds) {
        long[] labels = new long[classIds.length * 2];
        INDArray examples = Nd4j.create(DataType.DOUBLE, labels.length, 1, 3, 3);
        for (int i = 0; i < labels.length; i++) {
            labels[i] = classIds[i / 2];
            for (int p = 0; p < 9; p++) {
                examples.putScalar(new long[] {i, 0, p / 3, p % 3}, p + 100 * labels[i] + 10 * (i % 2));
            }
        }
        return LabeledDataset.fromArrays("images", examples, labels);
    }

    private static double[] read(LabeledDataset dataset, int classIndex, int example) {
        double[] values = new double[dataset.exampleSize()];
        dataset.readExample(classIndex, example, values, 0);
        return values;
    }

    @Test
    void fromArraysGroupsByLabel() {
        LabeledDataset dataset = images(5, 2);

        assertEquals(2, dataset.classCount());
        assertEquals(2, dataset.classAt(0).id());
        assertEquals(5, dataset.classAt(1).id());
        assertEquals(1, dataset.indexOfClass(5));
        assertEquals(214.0, read(dataset, 0, 1)[4]);
        assertArrayEquals(new long[] {1, 3, 3}, dataset.exampleShape());
        assertTrue(dataset.isImageDataset());
    }

    @Test
    void exampleHasRequestedType() {
        INDArray example = images(1).example(0, 1, DataType.FLOAT);

        assertEquals(DataType.FLOAT, example.dataType());
        assertArrayEquals(new long[] {1, 3, 3}, example.shape());
        assertEquals(118.0, example.getDouble(0, 2, 2), 1e-6);
    }

    @Test
    void rotationsTurnCounterClockwise() {
        LabeledDataset rotated = images(1, 2).withRotatedClasses();

        assertEquals(8, rotated.classCount());
        // Ids are id + r * (maxId - minId + 1).
        assertEquals(1, rotated.classAt(0).id());
        assertEquals(3, rotated.classAt(2).id());
        assertEquals(8, rotated.classAt(7).id());
        assertEquals("1 rot90", rotated.classAt(2).name());
        assertEquals(1, rotated.baseClassId(2));
        assertEquals(270, rotated.rotationDegrees(7));
        // The base image has rows 0 1 2 / 3 4 5 / 6 7 8 plus 100, so numpy.rot90 gives rows 2 5 8 / 1 4 7 / 0 3 6.
        assertArrayEquals(new double[] {102, 105, 108, 101, 104, 107, 100, 103, 106}, read(rotated, 2, 0));
        assertArrayEquals(new double[] {108, 107, 106, 105, 104, 103, 102, 101, 100}, read(rotated, 4, 0));
        assertArrayEquals(new double[] {106, 103, 100, 107, 104, 101, 108, 105, 102}, read(rotated, 6, 0));
    }

    @Test
    void rotatingTwiceIsRejected() {
        LabeledDataset rotated = images(1).withRotatedClasses();

        IllegalArgumentException error = assertThrows(IllegalArgumentException.class, rotated::withRotatedClasses);
        assertTrue(error.getMessage().contains("already contains rotated classes"), error.getMessage());
    }

    @Test
    void vectorsCannotRotate() {
        LabeledDataset vectors = LabeledDataset.fromArrays("v", Nd4j.rand(DataType.DOUBLE, 2, 4), new long[] {0, 1});

        IllegalArgumentException error = assertThrows(IllegalArgumentException.class, vectors::withRotatedClasses);
        assertTrue(error.getMessage().contains("[4]"), error.getMessage());
    }

    @Test
    void resizeAveragesAreas() {
        INDArray image = Nd4j.create(new double[] {
            1, 1, 0, 0,
            1, 1, 0, 0,
            0, 0, 0, 1,
            0, 0, 1, 1}, new long[] {1, 1, 4, 4}, DataType.DOUBLE);
        LabeledDataset dataset = LabeledDataset.fromArrays("square", image, new long[] {0});

        LabeledDataset half = dataset.resized(2, 2);

        assertArrayEquals(new long[] {1, 2, 2}, half.exampleShape());
        assertArrayEquals(new double[] {1, 0, 0, 0.75}, read(half, 0, 0), 1e-6);
        assertSame(half, half.resized(2, 2));
    }

    @Test
    void resizeOfBitsKeepsEightBitPrecision() {
        long[][] bits = {BitExampleStore.allocate(1, 9)};
        for (int i : new int[] {0, 1, 3}) {
            BitExampleStore.set(bits[0], i);
        }
        LabeledDataset binary = new LabeledDataset("bits", new long[] {1, 3, 3}, List.of(new DatasetClass(1, "one", 1)),
                new BitExampleStore(bits, new int[] {1}, 9));

        double[] mean = read(binary.resized(1, 1), 0, 0);

        assertEquals(Math.round(3.0 / 9 * 255) / 255.0, mean[0], 1e-12);
    }

    @Test
    void selectClassesKeepsOrder() {
        LabeledDataset dataset = images(1, 2, 3);

        LabeledDataset selected = dataset.selectClasses(List.of(3L, 1L));

        assertEquals(3, selected.classAt(0).id());
        assertEquals(300.0, read(selected, 0, 0)[0]);
        assertEquals(2, dataset.classRange(1, 3).classAt(0).id());
    }

    @Test
    void unknownClassIdIsRejected() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> images(1, 2).selectClasses(List.of(9L)));
        assertTrue(error.getMessage().contains("no class with id 9"), error.getMessage());
    }

    @Test
    void mismatchedLabelCountIsRejected() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> LabeledDataset.fromArrays("x", Nd4j.rand(DataType.DOUBLE, 3, 2), new long[] {0, 1}));
        assertTrue(error.getMessage().contains("3 rows"), error.getMessage());
    }

    @Test
    void toStringIsBounded() {
        long[] ids = new long[200];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = i;
        }
        String text = images(ids).toString();

        assertTrue(text.contains("200 classes"), text);
        assertTrue(text.contains("195 more"), text);
        assertTrue(text.length() < 600, "summary length " + text.length());
    }

    @Test
    void toTableHasOneRowPerClass() {
        Table table = images(1, 2).withRotatedClasses().toTable();

        assertEquals(8, table.rowCount());
        assertEquals(180, table.intColumn("rotationDegrees").get(4));
    }
}
