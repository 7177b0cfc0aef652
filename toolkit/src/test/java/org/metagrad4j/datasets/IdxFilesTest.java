package org.metagrad4j.datasets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** IDX reading on small generated files, plain and gzip. */
class IdxFilesTest {
    private static final int ROWS = 3;
    private static final int COLUMNS = 2;
    private static final byte[] LABELS = {2, 0, 2, 1, 0};

    @TempDir
    Path folder;

    /** Pixel i of image n is (n * 10 + i) % 256. */
    private static byte[] pixels(int count) {
        byte[] data = new byte[count * ROWS * COLUMNS];
        for (int n = 0; n < count; n++) {
            for (int i = 0; i < ROWS * COLUMNS; i++) {
                data[n * ROWS * COLUMNS + i] = (byte) ((n * 10 + i) % 256);
            }
        }
        return data;
    }

    private Path write(String name, byte[] content) throws IOException {
        Path file = folder.resolve(name);
        Files.write(file, content);
        return file;
    }

    private void assertDataset(LabeledDataset dataset) {
        assertEquals(3, dataset.classCount());
        assertArrayEquals(new long[] {1, ROWS, COLUMNS}, dataset.exampleShape());
        assertEquals(2, dataset.classAt(0).exampleCount());
        assertEquals(1, dataset.classAt(1).exampleCount());
        assertEquals(2, dataset.classAt(2).exampleCount());
        // Class 2 contains file rows 0 and 2 in file order, and class 0 contains rows 1 and 4.
        double[] values = new double[ROWS * COLUMNS];
        dataset.readExample(dataset.indexOfClass(2), 1, values, 0);
        assertEquals(20 / 255.0, values[0], 1e-12);
        assertEquals(25 / 255.0, values[5], 1e-12);
        dataset.readExample(dataset.indexOfClass(0), 1, values, 0);
        assertEquals(40 / 255.0, values[0], 1e-12);
    }

    @Test
    void readsPlainFiles() throws IOException {
        Path images = write("images-idx3-ubyte", TestFiles.idx(0x08, new int[] {5, ROWS, COLUMNS}, pixels(5)));
        Path labels = write("labels-idx1-ubyte", TestFiles.idx(0x08, new int[] {5}, LABELS));

        assertDataset(IdxFiles.read(images, labels, "plain"));
    }

    @Test
    void readsGzipFiles() throws IOException {
        Path images = write("images-idx3-ubyte.gz", TestFiles.gzip(TestFiles.idx(0x08, new int[] {5, ROWS, COLUMNS}, pixels(5))));
        Path labels = write("labels-idx1-ubyte.gz", TestFiles.gzip(TestFiles.idx(0x08, new int[] {5}, LABELS)));

        LabeledDataset dataset = IdxFiles.read(images, labels, "gzip", Map.of(1L, "one"));

        assertDataset(dataset);
        assertEquals("one", dataset.classAt(1).name());
        assertEquals("2", dataset.classAt(2).name());
    }

    @Test
    void readsIntegerLabels() throws IOException {
        byte[] ints = {0, 0, 0, 7, 0, 0, 1, 0};
        Path labels = write("labels-int", TestFiles.idx(0x0C, new int[] {2}, ints));

        assertArrayEquals(new long[] {7, 256}, IdxFiles.readLabels(labels));
    }

    @Test
    void twoDimensionalFileGivesVectors() throws IOException {
        Path images = write("features", TestFiles.idx(0x08, new int[] {5, 6}, pixels(5)));
        Path labels = write("labels", TestFiles.idx(0x08, new int[] {5}, LABELS));

        assertArrayEquals(new long[] {6}, IdxFiles.read(images, labels, "vectors").exampleShape());
    }

    @Test
    void wrongMagicIsRejected() throws IOException {
        byte[] content = TestFiles.idx(0x08, new int[] {5}, LABELS);
        content[0] = 0x12;
        Path labels = write("labels", content);

        DatasetFormatException error = assertThrows(DatasetFormatException.class, () -> IdxFiles.readLabels(labels));
        assertTrue(error.getMessage().contains("magic number 0x12000801"), error.getMessage());
        assertTrue(error.getMessage().contains(labels.toString()), error.getMessage());
    }

    @Test
    void pngIsNotAnIdxFile() throws IOException {
        Path images = write("images", new byte[] {(byte) 0x89, 'P', 'N', 'G', 0, 0, 0, 0});
        Path labels = write("labels", TestFiles.idx(0x08, new int[] {5}, LABELS));

        DatasetFormatException error = assertThrows(DatasetFormatException.class, () -> IdxFiles.read(images, labels, "x"));
        assertTrue(error.getMessage().contains("not an IDX file"), error.getMessage());
    }

    @Test
    void truncatedImagesAreRejected() throws IOException {
        byte[] full = TestFiles.idx(0x08, new int[] {5, ROWS, COLUMNS}, pixels(5));
        Path images = write("images", Arrays.copyOf(full, full.length - 3));
        Path labels = write("labels", TestFiles.idx(0x08, new int[] {5}, LABELS));

        DatasetFormatException error = assertThrows(DatasetFormatException.class, () -> IdxFiles.read(images, labels, "x"));
        assertTrue(error.getMessage().contains("truncated"), error.getMessage());
        assertTrue(error.getMessage().contains("example 4"), error.getMessage());
    }

    @Test
    void truncatedGzipIsRejected() throws IOException {
        byte[] full = TestFiles.gzip(TestFiles.idx(0x08, new int[] {5, ROWS, COLUMNS}, pixels(5)));
        Path images = write("images.gz", Arrays.copyOf(full, full.length / 2));
        Path labels = write("labels", TestFiles.idx(0x08, new int[] {5}, LABELS));

        DatasetFormatException error = assertThrows(DatasetFormatException.class, () -> IdxFiles.read(images, labels, "x"));
        assertTrue(error.getMessage().contains(images.toString()), error.getMessage());
    }

    @Test
    void truncatedLabelsAreRejected() throws IOException {
        byte[] full = TestFiles.idx(0x08, new int[] {5}, LABELS);
        Path labels = write("labels", Arrays.copyOf(full, full.length - 2));

        DatasetFormatException error = assertThrows(DatasetFormatException.class, () -> IdxFiles.readLabels(labels));
        assertTrue(error.getMessage().contains("truncated"), error.getMessage());
    }

    @Test
    void truncatedHeaderIsRejected() throws IOException {
        Path labels = write("labels", new byte[] {0, 0});

        DatasetFormatException error = assertThrows(DatasetFormatException.class, () -> IdxFiles.readLabels(labels));
        assertTrue(error.getMessage().contains("truncated"), error.getMessage());
    }

    @Test
    void countMismatchIsRejected() throws IOException {
        Path images = write("images", TestFiles.idx(0x08, new int[] {4, ROWS, COLUMNS}, pixels(4)));
        Path labels = write("labels", TestFiles.idx(0x08, new int[] {5}, LABELS));

        DatasetFormatException error = assertThrows(DatasetFormatException.class, () -> IdxFiles.read(images, labels, "x"));
        assertTrue(error.getMessage().contains("4 examples"), error.getMessage());
        assertTrue(error.getMessage().contains("5 labels"), error.getMessage());
    }

    @Test
    void floatImagesAreRejected() throws IOException {
        Path images = write("images", TestFiles.idx(0x0D, new int[] {1, 1, 1}, new byte[4]));
        Path labels = write("labels", TestFiles.idx(0x08, new int[] {1}, new byte[1]));

        DatasetFormatException error = assertThrows(DatasetFormatException.class, () -> IdxFiles.read(images, labels, "x"));
        assertTrue(error.getMessage().contains("unsigned-byte"), error.getMessage());
    }

    @Test
    void missingFileNamesPath() {
        Path missing = folder.resolve("absent-idx1-ubyte.gz");

        DatasetNotFoundException error = assertThrows(DatasetNotFoundException.class, () -> IdxFiles.readLabels(missing));
        assertTrue(error.getMessage().contains(missing.toString()), error.getMessage());
    }
}
