package org.metagrad4j.tasks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.metagrad4j.datasets.MetaSplits;
import org.metagrad4j.datasets.Omniglot;
import org.metagrad4j.datasets.SharedTestData;
import org.nd4j.linalg.api.buffer.DataType;

/** The standard Omniglot protocol end to end: 28 × 28 images, rotated classes, 5-way 1-shot episodes. */
@Tag("slow")
class OmniglotEpisodesTest {

    @Test
    void standardProtocolEpisodes() {
        Path directory = SharedTestData.omniglot().orElse(null);
        assumeTrue(directory != null, SharedTestData.missingReason());
        MetaSplits splits = Omniglot.load(directory).standardSplits();

        FewShotTasks train = FewShotTasks.builder(splits.train())
                .ways(5).shots(1).queries(15).imageSize(28, 28).rotatedClasses(true).dataType(DataType.FLOAT).build();
        TaskBatch batch = train.sample(4, 2024);

        assertEquals(4 * 803, train.dataset().classCount());
        assertArrayEquals(new long[] {4, 5, 1, 28, 28}, batch.supportInputs().shape());
        assertArrayEquals(new long[] {4, 75}, batch.queryTargets().shape());
        double max = batch.queryInputs().maxNumber().doubleValue();
        double mean = batch.queryInputs().meanNumber().doubleValue();
        assertTrue(max <= 1.0, "pixels at most 1, got max " + max);
        assertTrue(max > 0.5, "stroke pixels near 1, got max " + max);
        assertTrue(mean > 0.01, "some strokes, got mean " + mean);
        assertTrue(mean < 0.3, "mostly background, got mean " + mean);
        // The first validation alphabet (N_Ko) starts at character id 804.
        for (Object baseId : (java.util.List<?>) batch.get(0).metadata().get("baseClassIds")) {
            assertTrue((Long) baseId < 804, "training episode uses training character " + baseId);
        }
    }
}
