package org.metagrad4j.tasks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.metagrad4j.datasets.LabeledDataset;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** N-way K-shot episodes over a dataset whose pixel values encode class and example. */
class FewShotTasksTest {
    private static final int SIDE = 4;

    /**
     * {@code classes} classes with ids 10, 20, ... and {@code perClass} examples each; every pixel
     * of example e of class id c equals c + e / 100, so tests can tell where a row came from.
     */
    private static LabeledDataset dataset(int classes, int perClass) {
        long[] labels = new long[classes * perClass];
        INDArray examples = Nd4j.create(DataType.DOUBLE, labels.length, 1, SIDE, SIDE);
        for (int i = 0; i < labels.length; i++) {
            labels[i] = 10L * (i / perClass + 1);
            examples.slice(i).assign(labels[i] + (i % perClass) / 100.0);
        }
        return LabeledDataset.fromArrays("coded", examples, labels);
    }

    private static FewShotTasks.Builder builder() {
        return FewShotTasks.builder(dataset(8, 6)).ways(3).shots(2).queries(3).dataType(DataType.DOUBLE);
    }

    @Test
    void episodeHasShapesAndRemappedLabels() {
        Task task = builder().build().sample(1, 7).get(0);

        assertEquals(TaskKind.CLASSIFICATION, task.kind());
        assertEquals(3, task.numClasses());
        assertArrayEquals(new long[] {6, 1, SIDE, SIDE}, task.supportInputs().shape());
        assertArrayEquals(new long[] {9, 1, SIDE, SIDE}, task.queryInputs().shape());
        assertEquals(DataType.INT64, task.supportTargets().dataType());
        assertArrayEquals(new long[] {0, 0, 1, 1, 2, 2}, task.supportTargets().toLongVector());
        assertArrayEquals(new long[] {0, 0, 0, 1, 1, 1, 2, 2, 2}, task.queryTargets().toLongVector());
        long[] ids = task.originalClassIds();
        assertEquals(3, new HashSet<>(List.of(ids[0], ids[1], ids[2])).size());
        for (int row = 0; row < 9; row++) {
            int label = (int) task.queryTargets().getLong(row);
            double value = task.queryInputs().getDouble(row, 0, 0, 0);
            assertEquals(ids[label], Math.floor(value), "query row " + row + " comes from class " + ids[label]);
        }
    }

    @Test
    void supportAndQueryExamplesAreDistinct() {
        Task task = builder().build().sample(1, 3).get(0);

        for (int label = 0; label < 3; label++) {
            Set<Double> seen = new HashSet<>();
            for (int k = 0; k < 2; k++) {
                seen.add(task.supportInputs().getDouble(label * 2 + k, 0, 0, 0));
            }
            for (int q = 0; q < 3; q++) {
                seen.add(task.queryInputs().getDouble(label * 3 + q, 0, 0, 0));
            }
            assertEquals(5, seen.size(), "class " + label + " uses 5 different examples");
        }
    }

    @Test
    void metadataDescribesDraw() {
        Task task = builder().build().sample(1, 3).get(0);
        Map<String, Object> metadata = task.metadata();

        assertEquals(3, metadata.get("ways"));
        assertEquals(List.of(String.valueOf(task.originalClassIds()[0]), String.valueOf(task.originalClassIds()[1]),
                String.valueOf(task.originalClassIds()[2])), metadata.get("classNames"));
        List<?> supportIndices = (List<?>) metadata.get("supportExampleIndices");
        int firstExample = (Integer) ((List<?>) supportIndices.get(0)).get(0);
        assertEquals(task.originalClassIds()[0] + firstExample / 100.0, task.supportInputs().getDouble(0, 0, 0, 0), 1e-12);
        assertThrows(UnsupportedOperationException.class, () -> metadata.put("x", 1));
    }

    @Test
    void sameSeedSameEpisodes() {
        FewShotTasks source = builder().build();

        TaskBatch first = source.sample(5, 11);
        TaskBatch again = source.sample(5, 11);

        for (int i = 0; i < 5; i++) {
            assertArrayEquals(first.get(i).originalClassIds(), again.get(i).originalClassIds());
            assertEquals(first.get(i).supportInputs(), again.get(i).supportInputs());
            assertEquals(first.get(i).queryInputs(), again.get(i).queryInputs());
        }
        assertEquals(first.get(3).queryInputs(), source.task(first.get(3).seed()).queryInputs());
    }

    @Test
    void stackedBatchEqualsTasks() {
        TaskBatch batch = builder().build().sample(4, 2);

        assertArrayEquals(new long[] {4, 6, 1, SIDE, SIDE}, batch.supportInputs().shape());
        assertArrayEquals(new long[] {4, 9}, batch.queryTargets().shape());
        assertEquals(DataType.INT64, batch.queryTargets().dataType());
        for (int i = 0; i < 4; i++) {
            assertEquals(batch.get(i).supportInputs(), batch.supportInputs().slice(i));
            assertEquals(batch.get(i).supportTargets(), batch.supportTargets().slice(i));
            assertEquals(batch.get(i).queryInputs(), batch.queryInputs().slice(i));
            assertEquals(batch.get(i).queryTargets(), batch.queryTargets().slice(i));
        }
    }

    @Test
    void flattenedFloatInputs() {
        Task task = builder().dataType(DataType.FLOAT).flattenInputs(true).build().sample(1, 0).get(0);

        assertArrayEquals(new long[] {6, SIDE * SIDE}, task.supportInputs().shape());
        assertEquals(DataType.FLOAT, task.queryInputs().dataType());
    }

    @Test
    void rotatedClassesQuadrupleTheClasses() {
        FewShotTasks source = builder().rotatedClasses(true).ways(20).build();

        assertEquals(32, source.dataset().classCount());
        Task task = source.sample(1, 4).get(0);
        List<?> rotations = (List<?>) task.metadata().get("rotationDegrees");
        assertTrue(rotations.stream().anyMatch(r -> (Integer) r != 0), "20 of 32 classes include rotated ones");
    }

    @Test
    void resizeHappensOnceAtBuild() {
        FewShotTasks source = builder().imageSize(2, 2).build();

        assertArrayEquals(new long[] {1, 2, 2}, source.dataset().exampleShape());
        assertArrayEquals(new long[] {6, 1, 2, 2}, source.sample(1, 0).get(0).supportInputs().shape());
    }

    @Test
    void tooManyWaysIsRejected() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> builder().ways(9).build());

        assertTrue(error.getMessage().contains("ways = 9 exceeds the 8 classes"), error.getMessage());
    }

    @Test
    void smallClassIsRejected() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> builder().shots(4).queries(3).build());

        assertTrue(error.getMessage().contains("8 of 8 classes"), error.getMessage());
        assertTrue(error.getMessage().contains("4 + 3 = 7"), error.getMessage());
        assertTrue(error.getMessage().contains("(6 examples)"), error.getMessage());
    }

    @Test
    void invalidCountsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> builder().ways(1).build());
        assertThrows(IllegalArgumentException.class, () -> builder().shots(0).build());
        assertThrows(IllegalArgumentException.class, () -> builder().queries(0).build());
    }

    @Test
    void displayShowsImageGrid() throws IOException {
        Task task = builder().build().sample(1, 1).get(0);

        Map<String, String> bundle = task.mimeBundle();

        assertTrue(bundle.get("text/plain").contains("3-way"), bundle.get("text/plain"));
        String html = bundle.get("text/html");
        String prefix = "data:image/png;base64,";
        int start = html.indexOf(prefix);
        assertTrue(start > 0, html);
        String base64 = html.substring(start + prefix.length(), html.indexOf('"', start));
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode(base64)));
        assertTrue(image.getHeight() > 3 * SIDE, "one row per class");
        assertTrue(image.getWidth() > 5 * SIDE, "support and query columns");
    }

    @Test
    void vectorTasksShowSummaryOnly() {
        LabeledDataset vectors = LabeledDataset.fromArrays("vectors", Nd4j.rand(DataType.DOUBLE, 12, 3),
                new long[] {0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2});
        Task task = FewShotTasks.builder(vectors).ways(2).shots(1).queries(2).build().sample(1, 0).get(0);

        assertArrayEquals(new long[] {2, 3}, task.supportInputs().shape());
        assertTrue(!task.mimeBundle().get("text/html").contains("<img"), "no image for vectors");
    }
}
