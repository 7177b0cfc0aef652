package org.metagrad4j.datasets;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import javax.imageio.ImageIO;

/** Writes small files in the formats the loaders read, for tests. */
final class TestFiles {

    private TestFiles() {
    }

    /** Returns a version 1.0 npy file: magic, header padded to 64 bytes, then the data. */
    static byte[] npy(String descriptor, long[] shape, byte[] data) {
        StringBuilder dims = new StringBuilder();
        for (long d : shape) {
            dims.append(d).append(", ");
        }
        String dict = "{'descr': '" + descriptor + "', 'fortran_order': False, 'shape': (" + dims.toString().trim() + "), }";
        int padding = 64 - (10 + dict.length() + 1) % 64;
        String header = dict + " ".repeat(padding) + "\n";
        ByteBuffer buffer = ByteBuffer.allocate(10 + header.length() + data.length).order(ByteOrder.LITTLE_ENDIAN);
        buffer.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0});
        buffer.putShort((short) header.length());
        buffer.put(header.getBytes(StandardCharsets.ISO_8859_1));
        buffer.put(data);
        return buffer.array();
    }

    /** Returns int64 little-endian bytes. */
    static byte[] int64(long[] values) {
        ByteBuffer buffer = ByteBuffer.allocate(8 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (long v : values) {
            buffer.putLong(v);
        }
        return buffer.array();
    }

    /** Writes a deflate-compressed npz with the given entries (name, bytes, name, bytes, ...). */
    static void npz(Path file, Object... entries) throws IOException {
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(file))) {
            for (int i = 0; i < entries.length; i += 2) {
                zip.putNextEntry(new ZipEntry((String) entries[i]));
                zip.write((byte[]) entries[i + 1]);
                zip.closeEntry();
            }
        }
    }

    /** Returns an IDX file: big-endian magic 0x0000TTDD, sizes, data. */
    static byte[] idx(int type, int[] dims, byte[] data) {
        ByteBuffer buffer = ByteBuffer.allocate(4 + 4 * dims.length + data.length);
        buffer.putInt(type << 8 | dims.length);
        for (int d : dims) {
            buffer.putInt(d);
        }
        buffer.put(data);
        return buffer.array();
    }

    static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream out = new GZIPOutputStream(bytes)) {
            out.write(data);
        }
        return bytes.toByteArray();
    }

    /** Writes a 1-bit black-and-white PNG; {@code stroke[row][col]} pixels are black. */
    static void binaryPng(Path file, boolean[][] stroke) throws IOException {
        BufferedImage image = new BufferedImage(stroke[0].length, stroke.length, BufferedImage.TYPE_BYTE_BINARY);
        for (int row = 0; row < stroke.length; row++) {
            for (int col = 0; col < stroke[0].length; col++) {
                image.setRGB(col, row, stroke[row][col] ? 0xFF000000 : 0xFFFFFFFF);
            }
        }
        Files.createDirectories(file.getParent());
        ImageIO.write(image, "png", file.toFile());
    }
}
