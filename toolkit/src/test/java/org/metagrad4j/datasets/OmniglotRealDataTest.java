package org.metagrad4j.datasets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Omniglot loaders on the real data: counts, pixel polarity, and agreement of the two layouts. */
@Tag("slow")
class OmniglotRealDataTest {
    private static final Pattern PNG_NAME = Pattern.compile(".*/(\\d{4})_(\\d{2})\\.png");

    private static Path directory;
    private static Omniglot omniglot;

    @BeforeAll
    static void load() {
        directory = SharedTestData.omniglot().orElse(null);
        assumeTrue(directory != null, SharedTestData.missingReason());
        omniglot = Omniglot.load(directory);
    }

    @Test
    void setsHaveStandardCounts() {
        assertEquals(Omniglot.BACKGROUND_CHARACTERS, omniglot.background().classCount());
        assertEquals(Omniglot.EVALUATION_CHARACTERS, omniglot.evaluation().classCount());
        assertEquals(1623, omniglot.background().classCount() + omniglot.evaluation().classCount());
        assertEquals(20, omniglot.background().minExamplesPerClass());
        assertEquals(20, omniglot.evaluation().minExamplesPerClass());
        assertEquals(964L * 20, omniglot.background().exampleCount());
        assertArrayEquals(new long[] {1, 105, 105}, omniglot.background().exampleShape());
        assertEquals(1, omniglot.background().classAt(0).id());
        assertEquals(964, omniglot.background().classAt(963).id());
        assertEquals(965, omniglot.evaluation().classAt(0).id());
        assertEquals(1623, omniglot.evaluation().classAt(658).id());
        assertEquals("ULOG/character26", omniglot.evaluation().classAt(658).name());
    }

    @Test
    void strokesAreOnesOnZeroBackground() {
        double[] values = new double[105 * 105];
        double strokeFraction = 0;
        for (int c = 0; c < 964; c += 97) {
            omniglot.background().readExample(c, 0, values, 0);
            double sum = 0;
            for (double v : values) {
                assertTrue(v == 0.0 || v == 1.0, "pixel values are 0 or 1");
                sum += v;
            }
            strokeFraction += sum / values.length / 10;
            // The border is background in Omniglot drawings.
            assertEquals(0.0, values[0], "top-left pixel of class " + c);
        }
        assertTrue(strokeFraction > 0.01, "strokes cover part of an image, got " + strokeFraction);
        assertTrue(strokeFraction < 0.25, "strokes cover a small fraction of an image, got " + strokeFraction);
    }

    @Test
    void standardSplitsAreDisjoint() {
        MetaSplits splits = omniglot.standardSplits();

        assertEquals(803, splits.train().classCount());
        assertEquals(161, splits.validation().classCount());
        assertEquals(659, splits.test().classCount());
    }

    @Test
    void pngFromZipMatchesNpzEntry() throws IOException {
        Path zip = directory.resolve("images_background_small1.zip");
        assumeTrue(Files.isRegularFile(zip), "images_background_small1.zip is not in " + directory);
        try (ZipFile file = new ZipFile(zip.toFile())) {
            int compared = 0;
            Enumeration<? extends ZipEntry> entries = file.entries();
            while (entries.hasMoreElements() && compared < 40) {
                ZipEntry entry = entries.nextElement();
                Matcher matcher = PNG_NAME.matcher(entry.getName());
                if (!matcher.matches()) {
                    continue;
                }
                long characterId = Long.parseLong(matcher.group(1));
                int drawer = Integer.parseInt(matcher.group(2));
                BufferedImage image;
                try (InputStream in = file.getInputStream(entry)) {
                    image = ImageIO.read(in);
                }
                boolean[] stroke = OmniglotFolderReader.strokeMask(image);
                double[] npzValues = new double[105 * 105];
                LabeledDataset background = omniglot.background();
                background.readExample(background.indexOfClass(characterId), drawer - 1, npzValues, 0);
                for (int i = 0; i < stroke.length; i++) {
                    assertEquals(stroke[i] ? 1.0 : 0.0, npzValues[i], entry.getName() + " pixel " + i);
                }
                compared++;
            }
            assertEquals(40, compared);
        }
    }

    @Test
    void folderLayoutMatchesNpz(@TempDir Path temp) throws IOException {
        Path zip = directory.resolve("images_background_small1.zip");
        assumeTrue(Files.isRegularFile(zip), "images_background_small1.zip is not in " + directory);
        unzip(zip, temp);

        LabeledDataset folder = Omniglot.readFolder(temp.resolve("images_background_small1"));

        assertEquals(136, folder.classCount());
        assertEquals(2720, folder.exampleCount());
        LabeledDataset background = omniglot.background();
        double[] fromFolder = new double[105 * 105];
        double[] fromNpz = new double[105 * 105];
        for (int c = 0; c < folder.classCount(); c++) {
            long id = folder.classAt(c).id();
            int npzIndex = background.indexOfClass(id);
            assertEquals(background.classAt(npzIndex).name(), folder.classAt(c).name(), "name of character " + id);
            for (int d = 0; d < 20; d++) {
                folder.readExample(c, d, fromFolder, 0);
                background.readExample(npzIndex, d, fromNpz, 0);
                assertArrayEquals(fromNpz, fromFolder, "character " + id + " drawer " + (d + 1));
            }
        }
    }

    @Test
    void resizedTo28KeepsInkMass() {
        LabeledDataset small = omniglot.evaluation().classRange(0, 20).resized(28, 28);
        double[] large = new double[105 * 105];
        double[] resized = new double[28 * 28];

        omniglot.evaluation().readExample(3, 7, large, 0);
        small.readExample(3, 7, resized, 0);

        double largeMass = java.util.Arrays.stream(large).sum() / (105.0 * 105.0);
        double smallMass = java.util.Arrays.stream(resized).sum() / (28.0 * 28.0);
        assertArrayEquals(new long[] {1, 28, 28}, small.exampleShape());
        assertEquals(largeMass, smallMass, 1.0 / 255, "mean ink is kept up to byte rounding");
    }

    @Test
    void loadUsesDataDirectorySetting() {
        String previous = System.getProperty(DataDirectory.PROPERTY);
        System.setProperty(DataDirectory.PROPERTY, directory.getParent().toString());
        try {
            assertEquals(directory.toAbsolutePath().normalize(), DataDirectory.resolve("omniglot"));
            assertEquals(Omniglot.EVALUATION_CHARACTERS, Omniglot.load().evaluation().classCount());
        } finally {
            if (previous == null) {
                System.clearProperty(DataDirectory.PROPERTY);
            } else {
                System.setProperty(DataDirectory.PROPERTY, previous);
            }
        }
    }

    private static void unzip(Path zip, Path target) throws IOException {
        try (ZipFile file = new ZipFile(zip.toFile())) {
            Enumeration<? extends ZipEntry> entries = file.entries();
            while (entries.hasMoreElements()) {
                ZipEntry entry = entries.nextElement();
                Path out = target.resolve(entry.getName()).normalize();
                assertTrue(out.startsWith(target), "zip entry stays inside the target folder");
                if (entry.isDirectory()) {
                    Files.createDirectories(out);
                } else {
                    Files.createDirectories(out.getParent());
                    try (InputStream in = file.getInputStream(entry)) {
                        Files.copy(in, out);
                    }
                }
            }
        }
    }
}
