package org.metagrad4j.datasets;

import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Reads Omniglot's original folder layout {@code <Alphabet>/characterNN/NNNN_DD.png} into bits, stroke = 1. */
final class OmniglotFolderReader {
    private static final Logger LOG = LoggerFactory.getLogger(OmniglotFolderReader.class);
    private static final Pattern FILE_NAME = Pattern.compile("(\\d+)_(\\d+)\\.png", Pattern.CASE_INSENSITIVE);

    private OmniglotFolderReader() {
    }

    static LabeledDataset read(Path imagesDirectory) {
        if (!Files.isDirectory(imagesDirectory)) {
            throw new DatasetNotFoundException("Omniglot image folder not found: " + imagesDirectory.toAbsolutePath()
                    + ". " + Omniglot.HOW_TO_OBTAIN);
        }
        long start = System.nanoTime();
        List<Path> characterFolders = new ArrayList<>();
        for (Path alphabet : sortedChildren(imagesDirectory, true)) {
            characterFolders.addAll(sortedChildren(alphabet, true));
        }

        List<DatasetClass> classes = new ArrayList<>();
        List<long[]> bits = new ArrayList<>();
        List<Integer> counts = new ArrayList<>();
        List<Path> unnamed = new ArrayList<>();
        int height = -1;
        int width = -1;
        for (Path character : characterFolders) {
            List<Path> pngs = sortedChildren(character, false).stream()
                    .filter(p -> p.getFileName().toString().toLowerCase().endsWith(".png"))
                    .toList();
            if (pngs.isEmpty()) {
                continue;
            }
            long id = -1;
            BufferedImage first = decode(pngs.get(0));
            if (height < 0) {
                height = first.getHeight();
                width = first.getWidth();
            }
            long[] words = BitExampleStore.allocate(pngs.size(), height * width);
            for (int e = 0; e < pngs.size(); e++) {
                Path png = pngs.get(e);
                BufferedImage image = e == 0 ? first : decode(png);
                if (image.getHeight() != height || image.getWidth() != width) {
                    throw new DatasetFormatException(png + " is " + image.getWidth() + " x " + image.getHeight()
                            + " pixels but earlier images are " + width + " x " + height + "; all images must have one size");
                }
                writeStrokeBits(image, words, (long) e * height * width);
                Matcher matcher = FILE_NAME.matcher(png.getFileName().toString());
                long fileId = matcher.matches() ? Long.parseLong(matcher.group(1)) : -1;
                id = e == 0 ? fileId : (fileId == id ? id : -1);
            }
            String name = character.getParent().getFileName() + "/" + character.getFileName();
            if (id < 0) {
                unnamed.add(character);
            }
            classes.add(new DatasetClass(id, name, pngs.size()));
            bits.add(words);
            counts.add(pngs.size());
        }

        if (classes.isEmpty()) {
            throw new DatasetNotFoundException("No PNG images found under " + imagesDirectory.toAbsolutePath()
                    + "; expected <Alphabet>/characterNN/NNNN_DD.png. " + Omniglot.HOW_TO_OBTAIN);
        }

        classes = assignMissingIds(classes, unnamed.size());
        String setName = imagesDirectory.getFileName().toString();
        LabeledDataset dataset = new LabeledDataset("omniglot-" + setName.replace("images_", ""), new long[] {1, height, width},
                classes, new BitExampleStore(bits.toArray(long[][]::new), counts.stream().mapToInt(Integer::intValue).toArray(),
                height * width));
        LOG.debug("Read {} in {} ms: {}", imagesDirectory, (System.nanoTime() - start) / 1_000_000, dataset.summary());
        return dataset;
    }

    /** Gives classes whose files carry no consistent NNNN id the next ids after the largest one seen. */
    private static List<DatasetClass> assignMissingIds(List<DatasetClass> classes, int missing) {
        if (missing == 0) {
            return classes;
        }
        long next = classes.stream().mapToLong(DatasetClass::id).max().orElse(0) + 1;
        next = Math.max(next, 1);
        LOG.info("{} character folders have files not named NNNN_DD.png with one id; numbering them from {}", missing, next);
        List<DatasetClass> numbered = new ArrayList<>(classes.size());
        for (DatasetClass datasetClass : classes) {
            numbered.add(datasetClass.id() >= 0 ? datasetClass
                    : new DatasetClass(next++, datasetClass.name(), datasetClass.exampleCount()));
        }
        return numbered;
    }

    private static List<Path> sortedChildren(Path folder, boolean directories) {
        try (Stream<Path> children = Files.list(folder)) {
            return children.filter(p -> directories == Files.isDirectory(p))
                    .filter(p -> !p.getFileName().toString().startsWith("."))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new DatasetFormatException("Failed to list " + folder + ": " + e.getMessage(), e);
        }
    }

    private static BufferedImage decode(Path png) {
        try {
            BufferedImage image = ImageIO.read(png.toFile());
            if (image == null) {
                throw new DatasetFormatException(png + " is not a readable PNG image");
            }
            return image;
        } catch (IOException e) {
            throw new DatasetFormatException("Failed to decode " + png + ": " + e.getMessage(), e);
        }
    }

    /** Sets a bit for each pixel darker than mid-grey, starting at bit {@code offset}. */
    static void writeStrokeBits(BufferedImage image, long[] words, long offset) {
        int width = image.getWidth();
        int height = image.getHeight();
        boolean[] stroke = strokeMask(image);
        for (int i = 0; i < width * height; i++) {
            if (stroke[i]) {
                BitExampleStore.set(words, offset + i);
            }
        }
    }

    /** Returns, row-major, whether each pixel is darker than mid-grey (luma below 128 of 255). */
    static boolean[] strokeMask(BufferedImage image) {
        int width = image.getWidth();
        int height = image.getHeight();
        boolean[] stroke = new boolean[width * height];
        Raster raster = image.getRaster();
        if (image.getColorModel() instanceof IndexColorModel palette && raster.getNumBands() == 1) {
            // Omniglot's 1-bit PNGs decode to a two-entry palette: look each index up once.
            boolean[] dark = new boolean[palette.getMapSize()];
            for (int index = 0; index < dark.length; index++) {
                dark[index] = luma(palette.getRGB(index)) < 128;
            }
            int[] samples = raster.getSamples(0, 0, width, height, 0, (int[]) null);
            for (int i = 0; i < samples.length; i++) {
                stroke[i] = dark[samples[i]];
            }
        } else {
            int[] rgb = image.getRGB(0, 0, width, height, null, 0, width);
            for (int i = 0; i < rgb.length; i++) {
                stroke[i] = luma(rgb[i]) < 128;
            }
        }
        return stroke;
    }

    private static double luma(int argb) {
        int red = (argb >> 16) & 0xFF;
        int green = (argb >> 8) & 0xFF;
        int blue = argb & 0xFF;
        return 0.299 * red + 0.587 * green + 0.114 * blue;
    }
}
