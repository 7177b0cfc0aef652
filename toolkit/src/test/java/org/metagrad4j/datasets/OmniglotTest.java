package org.metagrad4j.datasets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Omniglot loaders on small generated files in both layouts. */
class OmniglotTest {
    private static final int SIDE = 6;

    @TempDir
    Path folder;

    /** Pixel (row, col) of drawing d of character c is stroke when (row + col + c + d) % 3 == 0. */
    private static boolean stroke(int c, int d, int row, int col) {
        return (row + col + c + d) % 3 == 0;
    }

    private static byte[] boolImages(int characters, int drawers) {
        byte[] data = new byte[characters * drawers * SIDE * SIDE];
        int i = 0;
        for (int c = 0; c < characters; c++) {
            for (int d = 0; d < drawers; d++) {
                for (int row = 0; row < SIDE; row++) {
                    for (int col = 0; col < SIDE; col++) {
                        // The numpy form stores False (0x00) for stroke and True (0xFF) for background.
                        data[i++] = stroke(c, d, row, col) ? 0 : (byte) 0xFF;
                    }
                }
            }
        }
        return data;
    }

    private Path writeNpz(String name, int characters, int drawers) throws IOException {
        Path npz = folder.resolve(name);
        long[] labels = new long[characters * drawers];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = i / drawers;
        }
        TestFiles.npz(npz,
                "images.npy", TestFiles.npy("|b1", new long[] {characters, drawers, SIDE, SIDE}, boolImages(characters, drawers)),
                "labels.npy", TestFiles.npy("<i8", new long[] {characters, drawers}, TestFiles.int64(labels)));
        return npz;
    }

    private static void assertPattern(LabeledDataset dataset, int classIndex, int character, int drawer) {
        double[] values = new double[SIDE * SIDE];
        dataset.readExample(classIndex, drawer, values, 0);
        for (int row = 0; row < SIDE; row++) {
            for (int col = 0; col < SIDE; col++) {
                assertEquals(stroke(character, drawer, row, col) ? 1.0 : 0.0, values[row * SIDE + col],
                        "class " + classIndex + " drawer " + drawer + " pixel " + row + "," + col);
            }
        }
    }

    @Test
    void npzReadsStrokeAsOne() throws IOException {
        LabeledDataset dataset = Omniglot.readNpz(writeNpz("images_background.npz", 3, 4));

        assertEquals("omniglot-background", dataset.name());
        assertEquals(3, dataset.classCount());
        assertArrayEquals(new long[] {1, SIDE, SIDE}, dataset.exampleShape());
        assertEquals(1, dataset.classAt(0).id());
        assertEquals("Arcadian/character01", dataset.classAt(0).name());
        assertEquals(4, dataset.classAt(2).exampleCount());
        for (int c = 0; c < 3; c++) {
            for (int d = 0; d < 4; d++) {
                assertPattern(dataset, c, c, d);
            }
        }
    }

    @Test
    void npzEvaluationIdsStartAt965() throws IOException {
        LabeledDataset dataset = Omniglot.readNpz(writeNpz("images_evaluation.npz", 2, 3));

        assertEquals("omniglot-evaluation", dataset.name());
        assertEquals(965, dataset.classAt(0).id());
        assertEquals("Angelic/character01", dataset.classAt(0).name());
    }

    @Test
    void truncatedNpyIsRejected() throws IOException {
        byte[] full = TestFiles.npy("|b1", new long[] {3, 4, SIDE, SIDE}, boolImages(3, 4));
        Path npz = folder.resolve("images_background.npz");
        TestFiles.npz(npz, "images.npy", Arrays.copyOf(full, full.length - 100));

        DatasetFormatException error = assertThrows(DatasetFormatException.class, () -> Omniglot.readNpz(npz));
        assertTrue(error.getMessage().contains("truncated"), error.getMessage());
        assertTrue(error.getMessage().contains(npz.toString()), error.getMessage());
    }

    @Test
    void truncatedZipIsRejected() throws IOException {
        Path good = writeNpz("good.npz", 3, 4);
        byte[] bytes = Files.readAllBytes(good);
        Path npz = folder.resolve("images_background.npz");
        Files.write(npz, Arrays.copyOf(bytes, bytes.length / 2));

        DatasetFormatException error = assertThrows(DatasetFormatException.class, () -> Omniglot.readNpz(npz));
        assertTrue(error.getMessage().contains(npz.toString()), error.getMessage());
    }

    @Test
    void npyWithWrongMagicIsRejected() throws IOException {
        Path npz = folder.resolve("images_background.npz");
        TestFiles.npz(npz, "images.npy", "not a numpy array at all".getBytes());

        DatasetFormatException error = assertThrows(DatasetFormatException.class, () -> Omniglot.readNpz(npz));
        assertTrue(error.getMessage().contains("magic"), error.getMessage());
    }

    @Test
    void npyWithWrongTypeIsRejected() throws IOException {
        Path npz = folder.resolve("images_background.npz");
        TestFiles.npz(npz, "images.npy", TestFiles.npy("<f4", new long[] {1, 1, 1, 1}, new byte[4]));

        DatasetFormatException error = assertThrows(DatasetFormatException.class, () -> Omniglot.readNpz(npz));
        assertTrue(error.getMessage().contains("<f4"), error.getMessage());
    }

    @Test
    void missingFolderNamesPathsAndDownload() {
        Path missing = folder.resolve("nowhere");

        DatasetNotFoundException error = assertThrows(DatasetNotFoundException.class, () -> Omniglot.load(missing));
        assertTrue(error.getMessage().contains(missing.resolve("images_background.npz").toString()), error.getMessage());
        assertTrue(error.getMessage().contains(missing.resolve("images_background").toString()), error.getMessage());
        assertTrue(error.getMessage().contains("download-omniglot.sh"), error.getMessage());
    }

    @Test
    void missingNpzFileNamesPath() {
        Path missing = folder.resolve("images_background.npz");

        DatasetNotFoundException error = assertThrows(DatasetNotFoundException.class, () -> Omniglot.readNpz(missing));
        assertTrue(error.getMessage().contains(missing.toString()), error.getMessage());
    }

    @Test
    void folderLayoutMatchesNpzConvention() throws IOException {
        Path background = folder.resolve("images_background");
        int[][] characters = {{0, 108}, {1, 109}, {2, 394}};
        String[] names = {"Balinese/character01", "Balinese/character02", "Greek/character01"};
        for (int i = 0; i < characters.length; i++) {
            for (int d = 0; d < 3; d++) {
                boolean[][] mask = new boolean[SIDE][SIDE];
                for (int row = 0; row < SIDE; row++) {
                    for (int col = 0; col < SIDE; col++) {
                        mask[row][col] = stroke(characters[i][0], d, row, col);
                    }
                }
                String file = String.format("%04d_%02d.png", characters[i][1], d + 1);
                TestFiles.binaryPng(background.resolve(names[i]).resolve(file), mask);
            }
        }

        LabeledDataset dataset = Omniglot.readFolder(background);

        assertEquals(3, dataset.classCount());
        assertEquals(108, dataset.classAt(0).id());
        assertEquals(394, dataset.classAt(2).id());
        assertEquals("Greek/character01", dataset.classAt(2).name());
        assertArrayEquals(new long[] {1, SIDE, SIDE}, dataset.exampleShape());
        for (int i = 0; i < characters.length; i++) {
            for (int d = 0; d < 3; d++) {
                assertPattern(dataset, i, characters[i][0], d);
            }
        }
    }

    @Test
    void folderWithoutPngsIsNotFound() throws IOException {
        Path empty = Files.createDirectories(folder.resolve("images_background/Greek/character01"));

        DatasetNotFoundException error = assertThrows(DatasetNotFoundException.class,
                () -> Omniglot.readFolder(folder.resolve("images_background")));
        assertTrue(error.getMessage().contains("No PNG images"), error.getMessage());
        assertTrue(Files.isDirectory(empty));
    }

    @Test
    void loadPrefersNpzAndSplitsByAlphabet() throws IOException {
        writeNpz("images_background.npz", Omniglot.BACKGROUND_CHARACTERS, 1);
        writeNpz("images_evaluation.npz", 2, 1);

        Omniglot omniglot = Omniglot.load(folder);
        MetaSplits splits = omniglot.standardSplits();

        assertEquals(803, splits.train().classCount());
        assertEquals(161, splits.validation().classCount());
        assertEquals(2, splits.test().classCount());
        assertEquals("N_Ko", Omniglot.alphabetOf(splits.validation().classAt(0).id()).name());
    }
}
