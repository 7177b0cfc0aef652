package org.metagrad4j.datasets;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The header of a NumPy {@code .npy} file (format versions 1.0 to 3.0): element type, memory
 * order and shape, read from a stream that is then positioned at the first data byte.
 *
 * <p>Written here because ND4J 1.0.0-M2.1 cannot read Omniglot's npz: {@code Nd4j.createFromNpzFile}
 * fails on deflate-compressed entries and, even when stored uncompressed, on the boolean type
 * {@code |b1} ("Unsupported data type: b1"). {@code Nd4j.createFromNpyFile} does read {@code |b1},
 * but only from an uncompressed file on disk, which would mean extracting 212 MB per set to a
 * temporary file and holding the images twice while converting. Parsing the header and streaming
 * the bytes out of the zip keeps one compact copy.
 *
 * @param descriptor   the NumPy type string, such as {@code |b1} or {@code <i8}
 * @param fortranOrder whether the data is in column-major order
 * @param shape        the array shape
 */
record NpyHeader(String descriptor, boolean fortranOrder, long[] shape) {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern DESCRIPTOR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    /**
     * Reads the header from {@code in}, leaving the stream at the first data byte.
     *
     * @param in     the stream at the start of the npy data
     * @param source the file (and entry) name for error messages
     * @throws DatasetFormatException if the magic string, version or header dictionary is invalid, or the stream ends early
     */
    static NpyHeader read(InputStream in, String source) throws IOException {
        DataInputStream data = new DataInputStream(in);
        try {
            byte[] magic = new byte[MAGIC.length];
            data.readFully(magic);
            if (!Arrays.equals(magic, MAGIC)) {
                throw new DatasetFormatException(source + " is not a NumPy .npy array: it starts with "
                        + hex(magic) + " instead of the magic string \\x93NUMPY");
            }
            int major = data.readUnsignedByte();
            data.readUnsignedByte();
            long headerLength;
            if (major == 1) {
                headerLength = Short.toUnsignedInt(Short.reverseBytes(data.readShort()));
            } else if (major == 2 || major == 3) {
                headerLength = Integer.toUnsignedLong(Integer.reverseBytes(data.readInt()));
            } else {
                throw new DatasetFormatException(source + " has npy format version " + major
                        + ", but only versions 1 to 3 are supported");
            }
            if (headerLength > 1 << 20) {
                throw new DatasetFormatException(source + " declares an npy header of " + headerLength
                        + " bytes, more than any valid header; the file is damaged");
            }
            byte[] header = new byte[(int) headerLength];
            data.readFully(header);
            return parse(new String(header, major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1), source);
        } catch (EOFException e) {
            throw new DatasetFormatException(source + " is truncated: it ends inside the npy header", e);
        }
    }

    private static NpyHeader parse(String header, String source) {
        Matcher descriptor = DESCRIPTOR.matcher(header);
        Matcher fortran = FORTRAN.matcher(header);
        Matcher shape = SHAPE.matcher(header);
        if (!descriptor.find() || !fortran.find() || !shape.find()) {
            throw new DatasetFormatException(source + " has an npy header without 'descr', 'fortran_order' and 'shape': "
                    + header.trim());
        }
        long[] dimensions = Arrays.stream(shape.group(1).split(","))
                .map(String::trim)
                .filter(part -> !part.isEmpty())
                .mapToLong(Long::parseLong)
                .toArray();
        return new NpyHeader(descriptor.group(1), Boolean.parseBoolean(fortran.group(1).toLowerCase()), dimensions);
    }

    /** Returns the number of elements. */
    long elementCount() {
        long count = 1;
        for (long dimension : shape) {
            count = Math.multiplyExact(count, dimension);
        }
        return count;
    }

    private static String hex(byte[] bytes) {
        StringBuilder text = new StringBuilder();
        for (byte b : bytes) {
            text.append(String.format("%02x", b & 0xFF));
        }
        return "0x" + text;
    }

    @Override
    public String toString() {
        return "npy " + descriptor + (fortranOrder ? " (Fortran order) " : " ") + Arrays.toString(shape);
    }
}
