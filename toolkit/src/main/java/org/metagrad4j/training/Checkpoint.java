package org.metagrad4j.training;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.metagrad4j.nn.ParameterFiles;
import org.metagrad4j.nn.Parameters;

/**
 * A meta-training checkpoint: parameters, outer-optimiser state, the next step, the run seed and
 * the history so far. Stored as a zip: {@code checkpoint.properties}, the parameters under
 * {@code parameters/} and each optimiser moment under {@code moment<i>/} (see {@link ParameterFiles}),
 * and the history as {@code history.csv}. Meta-batches follow from (seed, step), so nothing else is
 * needed to continue exactly.
 */
record Checkpoint(Parameters parameters, OuterOptimizer.State state, int step, long seed, History history) {

    void save(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(temporary))) {
            Properties properties = new Properties();
            properties.setProperty("step", Integer.toString(step));
            properties.setProperty("seed", Long.toString(seed));
            properties.setProperty("optimizerStep", Long.toString(state.step()));
            properties.setProperty("moments", Integer.toString(state.moments().size()));
            zip.putNextEntry(new ZipEntry("checkpoint.properties"));
            properties.store(zip, "metagrad4j meta-training checkpoint");
            zip.closeEntry();
            ParameterFiles.write(zip, "parameters/", parameters);
            for (int i = 0; i < state.moments().size(); i++) {
                ParameterFiles.write(zip, "moment" + i + "/", state.moments().get(i));
            }
            zip.putNextEntry(new ZipEntry("history.csv"));
            StringBuilder csv = new StringBuilder();
            for (MetaTrainer.StepRecord r : history.records) {
                csv.append(r.step()).append(',').append(r.queryLossBefore()).append(',').append(r.queryLossAfter()).append(',')
                        .append(r.accuracyAfter()).append(',').append(r.millis()).append(',').append(r.retainedBytes()).append(',')
                        .append(r.validationLoss()).append(',').append(r.validationAccuracy()).append('\n');
            }
            zip.write(csv.toString().getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
        }
        Files.move(temporary, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    static Checkpoint load(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file.toString(), null, "checkpoint not found");
        }
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(file))) {
            for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
                entries.put(e.getName(), zip.readAllBytes());
            }
        }
        byte[] header = entries.get("checkpoint.properties");
        if (header == null) {
            throw new IOException(file + " is not a metagrad4j checkpoint: checkpoint.properties is missing");
        }
        Properties properties = new Properties();
        properties.load(new java.io.ByteArrayInputStream(header));
        int step = Integer.parseInt(properties.getProperty("step"));
        long seed = Long.parseLong(properties.getProperty("seed"));
        long optimizerStep = Long.parseLong(properties.getProperty("optimizerStep"));
        int moments = Integer.parseInt(properties.getProperty("moments"));
        Parameters parameters = ParameterFiles.read(entries, "parameters/", file.toString());
        List<Parameters> momentList = new ArrayList<>();
        for (int i = 0; i < moments; i++) {
            momentList.add(ParameterFiles.read(entries, "moment" + i + "/", file.toString()));
        }
        History history = new History();
        byte[] csv = entries.get("history.csv");
        if (csv != null) {
            for (String line : new String(csv, StandardCharsets.UTF_8).split("\n")) {
                if (line.isBlank()) {
                    continue;
                }
                String[] f = line.split(",");
                history.add(new MetaTrainer.StepRecord(Integer.parseInt(f[0]), 0, Double.parseDouble(f[1]), Double.parseDouble(f[2]),
                        Double.parseDouble(f[3]), Double.parseDouble(f[4]), Long.parseLong(f[5]), Double.parseDouble(f[6]),
                        Double.parseDouble(f[7])));
            }
        }
        return new Checkpoint(parameters, new OuterOptimizer.State(optimizerStep, momentList), step, seed, history);
    }
}
