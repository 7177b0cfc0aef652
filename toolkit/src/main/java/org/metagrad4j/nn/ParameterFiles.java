package org.metagrad4j.nn;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Saves and loads parameter sets.
 *
 * <p>File format: a zip archive with an entry {@code names.txt} (one parameter name per line, in
 * order) and, for the i-th name, an entry {@code arrays/<i>.nd4j} holding the array in ND4J's
 * binary serialisation ({@code Nd4j.write}/{@code Nd4j.read}: shape, data type and data).
 * Several sets can share one archive under different prefixes ({@link #write}/{@link #read}).
 */
public final class ParameterFiles {
    private ParameterFiles() {
    }

    /** Writes {@code parameters} to {@code file}, replacing it. */
    public static void save(Parameters parameters, Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(file))) {
            write(zip, "", parameters);
        }
    }

    /**
     * Reads a parameter set written by {@link #save}.
     *
     * @throws NoSuchFileException when the file does not exist
     * @throws IOException         when the archive is not a parameter file or is truncated
     */
    public static Parameters load(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file.toString(), null, "parameter file not found; save one with ParameterFiles.save");
        }
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(file))) {
            for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
                entries.put(e.getName(), zip.readAllBytes());
            }
        }
        return read(entries, "", file.toString());
    }

    /** Writes a set under {@code prefix} into an open archive. */
    public static void write(ZipOutputStream zip, String prefix, Parameters parameters) throws IOException {
        List<String> names = parameters.names();
        zip.putNextEntry(new ZipEntry(prefix + "names.txt"));
        zip.write(String.join("\n", names).getBytes(StandardCharsets.UTF_8));
        zip.closeEntry();
        for (int i = 0; i < names.size(); i++) {
            zip.putNextEntry(new ZipEntry(prefix + "arrays/" + i + ".nd4j"));
            writeArray(parameters.value(names.get(i)), zip);
            zip.closeEntry();
        }
    }

    /** Reads a set stored under {@code prefix} from archive entries (name → bytes). */
    public static Parameters read(Map<String, byte[]> entries, String prefix, String source) throws IOException {
        byte[] index = entries.get(prefix + "names.txt");
        if (index == null) {
            throw new IOException(source + " is not a metagrad4j parameter file: entry '" + prefix + "names.txt' is missing");
        }
        String text = new String(index, StandardCharsets.UTF_8);
        List<String> names = text.isEmpty() ? List.of() : List.of(text.split("\n"));
        LinkedHashMap<String, INDArray> arrays = new LinkedHashMap<>();
        for (int i = 0; i < names.size(); i++) {
            byte[] data = entries.get(prefix + "arrays/" + i + ".nd4j");
            if (data == null) {
                throw new IOException(source + ": array " + i + " ('" + names.get(i) + "') is missing; the file is truncated");
            }
            try (DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(data))) {
                arrays.put(names.get(i), Nd4j.read(in));
            } catch (RuntimeException e) {
                throw new IOException(source + ": array '" + names.get(i) + "' cannot be read: " + e.getMessage(), e);
            }
        }
        return Parameters.of(arrays);
    }

    private static void writeArray(INDArray array, OutputStream out) throws IOException {
        DataOutputStream data = new DataOutputStream(new java.io.FilterOutputStream(out) {
            @Override
            public void close() throws IOException {
                flush();
            }
        });
        Nd4j.write(array.dup('c'), data);
        data.flush();
    }

}
