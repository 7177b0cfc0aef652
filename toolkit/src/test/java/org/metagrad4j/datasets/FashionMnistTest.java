package org.metagrad4j.datasets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Fashion-MNIST from Debian's dataset-fashion-mnist package or the data root. */
@Tag("slow")
class FashionMnistTest {

    @Test
    void testSetHasTenClassesOfThousand() {
        assumeTrue(FashionMnist.isAvailable(), "Fashion-MNIST not installed: apt-get install dataset-fashion-mnist, "
                + "or put its IDX files in $METAGRAD4J_DATA/fashion-mnist/ (searched " + FashionMnist.searchPath() + ")");

        LabeledDataset test = FashionMnist.loadTest();

        assertEquals(10, test.classCount());
        assertEquals(10_000, test.exampleCount());
        assertEquals(1000, test.minExamplesPerClass());
        assertArrayEquals(new long[] {1, 28, 28}, test.exampleShape());
        assertEquals("Trouser", test.classAt(1).name());
        double[] values = new double[28 * 28];
        test.readExample(0, 0, values, 0);
        double max = 0;
        for (double v : values) {
            assertTrue(v >= 0, "pixel >= 0, got " + v);
            assertTrue(v <= 1, "pixel <= 1, got " + v);
            max = Math.max(max, v);
        }
        assertTrue(max > 0.5, "an image has bright pixels");
    }

    @Test
    void trainSetHasSixtyThousand() {
        assumeTrue(FashionMnist.isAvailable(), "Fashion-MNIST not installed: apt-get install dataset-fashion-mnist");

        LabeledDataset train = FashionMnist.loadTrain();

        assertEquals(60_000, train.exampleCount());
        assertEquals(6000, train.minExamplesPerClass());
    }

    @Test
    void missingFolderExplainsInstall(@TempDir Path empty) {
        DatasetNotFoundException error = assertThrows(DatasetNotFoundException.class, () -> FashionMnist.load(empty, true));

        assertTrue(error.getMessage().contains(empty.toString()), error.getMessage());
        assertTrue(error.getMessage().contains("apt-get install dataset-fashion-mnist"), error.getMessage());
    }
}
