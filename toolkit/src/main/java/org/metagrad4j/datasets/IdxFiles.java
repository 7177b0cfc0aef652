package org.metagrad4j.datasets;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.zip.GZIPInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads labelled datasets in the IDX format of MNIST and Fashion-MNIST, plain or gzip-compressed
 * (recognised by content, not by file name).
 *
 * <p>An IDX file is a big-endian magic number {@code 0x0000TTDD} (type code {@code TT}, dimension
 * count {@code DD}), {@code DD} 32-bit dimension sizes and the values. Images must be unsigned bytes
 * ({@code TT = 0x08}); they load as values in [0, 1] (byte / 255), kept as bytes until read, with
 * example shape {@code [1, rows, columns]} for 3-dimensional files, {@code [d1, d2, d3]} for
 * 4-dimensional ones and {@code [features]} for 2-dimensional ones. Labels may be unsigned or
 * signed bytes, 16- or 32-bit integers and become class ids.
 *
 * <p>Written here because the IDX reader of the Deeplearning4j project lives in its
 * {@code deeplearning4j-datasets} module (which downloads MNIST itself and is not a dependency of
 * this toolkit), and the format takes a few dozen lines.
 */
public final class IdxFiles {
    private static final Logger LOG = LoggerFactory.getLogger(IdxFiles.class);
    private static final int UNSIGNED_BYTE = 0x08;
    private static final int SIGNED_BYTE = 0x09;
    private static final int SHORT = 0x0B;
    private static final int INT = 0x0C;
    private static final int FLOAT = 0x0D;
    private static final int DOUBLE = 0x0E;

    private IdxFiles() {
    }

    /**
     * Reads an image file and its label file into a dataset; classes are named by their label.
     *
     * @see #read(Path, Path, String, Map)
     */
    public static LabeledDataset read(Path images, Path labels, String name) {
        return read(images, labels, name, Map.of());
    }

    /**
     * Reads an image file and its label file into a dataset.
     *
     * @param images     the IDX file of examples, such as {@code train-images-idx3-ubyte.gz}
     * @param labels     the IDX file of labels, such as {@code train-labels-idx1-ubyte.gz}
     * @param name       the dataset's name
     * @param classNames names by label value; a label without an entry is named by its value
     * @return the dataset, classes ordered by label and examples in file order
     * @throws DatasetNotFoundException if a file does not exist
     * @throws DatasetFormatException   if a file has a wrong magic number or type, is truncated, or the counts differ
     */
    public static LabeledDataset read(Path images, Path labels, String name, Map<Long, String> classNames) {
        Objects.requireNonNull(images, "images");
        Objects.requireNonNull(labels, "labels");
        long start = System.nanoTime();
        long[] labelValues = readLabels(labels);
        long[] classIds = ExampleGrouping.sortedClassIds(labelValues);
        int[][] rows = ExampleGrouping.rowsByClass(labelValues, classIds);
        LabeledDataset dataset;
        try (DataInputStream in = open(images)) {
            int[] dimensions = readHeader(in, images, "images");
            if (dimensions.length < 2 || dimensions.length > 4) {
                throw new DatasetFormatException(images + " has " + dimensions.length
                        + " dimensions; expected an image or feature file with 2 to 4 (such as idx3 for [n, rows, columns])");
            }
            int count = dimensions[0];
            if (count != labelValues.length) {
                throw new DatasetFormatException(images + " contains " + count + " examples but " + labels + " contains "
                        + labelValues.length + " labels; pass matching image and label files");
            }
            long[] exampleShape = exampleShape(dimensions);
            int exampleSize = Math.toIntExact(Arrays.stream(exampleShape).reduce(1, (a, b) -> a * b));
            dataset = new LabeledDataset(name, exampleShape, ExampleGrouping.classes(classIds, rows, classNames),
                    new ByteExampleStore(readExamplesByClass(in, images, labelValues, classIds, rows, exampleSize), exampleSize,
                            1.0 / 255.0));
        } catch (IOException e) {
            throw new DatasetFormatException("Failed to read " + images + ": " + e.getMessage(), e);
        }
        LOG.debug("Read {} and {} in {} ms: {}", images, labels, (System.nanoTime() - start) / 1_000_000, dataset.summary());
        return dataset;
    }

    /**
     * Reads a label file.
     *
     * @param labels an IDX file with one dimension of integer labels
     * @return the labels in file order
     * @throws DatasetNotFoundException if the file does not exist
     * @throws DatasetFormatException   if the file has a wrong magic number or type or is truncated
     */
    public static long[] readLabels(Path labels) {
        try (DataInputStream in = open(labels)) {
            int type = peekType(in);
            int[] dimensions = readHeader(in, labels, "labels");
            if (dimensions.length != 1) {
                throw new DatasetFormatException(labels + " has " + dimensions.length
                        + " dimensions; a label file has 1 (idx1)");
            }
            long[] values = new long[dimensions[0]];
            for (int i = 0; i < values.length; i++) {
                values[i] = switch (type) {
                    case UNSIGNED_BYTE -> in.readUnsignedByte();
                    case SIGNED_BYTE -> in.readByte();
                    case SHORT -> in.readShort();
                    case INT -> in.readInt();
                    default -> throw new DatasetFormatException(labels + " has IDX type code 0x" + Integer.toHexString(type)
                            + "; labels must be integers (0x08, 0x09, 0x0B or 0x0C)");
                };
            }
            return values;
        } catch (EOFException e) {
            throw new DatasetFormatException(labels + " is truncated: it ends before the label count its header declares", e);
        } catch (IOException e) {
            throw new DatasetFormatException("Failed to read " + labels + ": " + e.getMessage(), e);
        }
    }

    private static byte[][] readExamplesByClass(DataInputStream in, Path images, long[] labels, long[] classIds, int[][] rows,
                                                int exampleSize) throws IOException {
        byte[][] values = new byte[classIds.length][];
        for (int c = 0; c < classIds.length; c++) {
            values[c] = new byte[rows[c].length * exampleSize];
        }
        int[] filled = new int[classIds.length];
        for (int row = 0; row < labels.length; row++) {
            int c = Arrays.binarySearch(classIds, labels[row]);
            try {
                in.readFully(values[c], filled[c] * exampleSize, exampleSize);
            } catch (EOFException e) {
                throw new DatasetFormatException(images + " is truncated: its header declares " + labels.length
                        + " examples of " + exampleSize + " bytes, but the data ends within example " + row, e);
            }
            filled[c]++;
        }
        return values;
    }

    private static long[] exampleShape(int[] dimensions) {
        return switch (dimensions.length) {
            case 2 -> new long[] {dimensions[1]};
            case 3 -> new long[] {1, dimensions[1], dimensions[2]};
            default -> new long[] {dimensions[1], dimensions[2], dimensions[3]};
        };
    }

    /** Opens a file, decompressing it when it starts with the gzip signature. */
    private static DataInputStream open(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new DatasetNotFoundException("IDX file not found: " + file.toAbsolutePath()
                    + ". Check the path; for Fashion-MNIST see FashionMnist and datasets/README.md");
        }
        InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        raw.mark(2);
        int first = raw.read();
        int second = raw.read();
        raw.reset();
        if (first == 0x1f && second == 0x8b) {
            return new DataInputStream(new BufferedInputStream(new GZIPInputStream(raw, 1 << 16), 1 << 16));
        }
        return new DataInputStream(raw);
    }

    private static int peekType(DataInputStream in) throws IOException {
        in.mark(4);
        in.readUnsignedShort();
        int type = in.readUnsignedByte();
        in.reset();
        return type;
    }

    /** Reads the magic number and dimension sizes; images must hold unsigned bytes. */
    private static int[] readHeader(DataInputStream in, Path file, String role) throws IOException {
        int magic;
        try {
            magic = in.readInt();
        } catch (EOFException e) {
            throw new DatasetFormatException(file + " is truncated: it is shorter than the 4-byte IDX magic number", e);
        }
        int type = (magic >>> 8) & 0xFF;
        int dimensionCount = magic & 0xFF;
        boolean knownType = type == UNSIGNED_BYTE || type == SIGNED_BYTE || type == SHORT || type == INT
                || type == FLOAT || type == DOUBLE;
        if ((magic >>> 16) != 0 || !knownType || dimensionCount == 0) {
            throw new DatasetFormatException(file + " is not an IDX file: magic number 0x" + String.format("%08x", magic)
                    + ", expected 0x000008DD (unsigned bytes, DD dimensions) such as 0x00000803 for images or 0x00000801 for labels");
        }
        if (role.equals("images") && type != UNSIGNED_BYTE) {
            throw new DatasetFormatException(file + " contains IDX type code 0x" + String.format("%02x", type)
                    + "; only unsigned-byte (0x08) images are supported");
        }
        int[] dimensions = new int[dimensionCount];
        try {
            for (int i = 0; i < dimensionCount; i++) {
                dimensions[i] = in.readInt();
                if (dimensions[i] < 0) {
                    throw new DatasetFormatException(file + " declares a negative size " + dimensions[i] + " for dimension " + i);
                }
            }
        } catch (EOFException e) {
            throw new DatasetFormatException(file + " is truncated: it ends inside the IDX header", e);
        }
        return dimensions;
    }
}
