package org.metagrad4j.tasks;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import javax.imageio.ImageIO;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Renders a task as HTML: a summary and, for classification over images, a PNG grid with one row
 * per class holding its support images, a gap, then its query images.
 */
final class TaskImages {
    /** Rows and images per row beyond which the grid is cut, so that large tasks stay small on screen. */
    static final int MAX_CLASSES = 10;
    static final int MAX_IMAGES_PER_SET = 10;
    private static final int MIN_DISPLAY_SIDE = 56;
    private static final int GAP = 2;
    private static final int SET_GAP = 8;

    private TaskImages() {
    }

    /** Returns HTML for a task: the summary, then the image grid when the task has images. */
    static String html(Task task) {
        StringBuilder html = new StringBuilder("<div class=\"metagrad4j-task\"><p><code>")
                .append(escape(task.toString())).append("</code></p>");
        Optional<long[]> shape = imageShape(task);
        if (shape.isPresent()) {
            String png = Base64.getEncoder().encodeToString(png(task, shape.get()));
            html.append("<p>Each row is one class (label 0 at the top): support images, then query images.</p>")
                    .append("<img alt=\"support and query images by class\" style=\"image-rendering: pixelated\" src=\"data:image/png;base64,")
                    .append(png).append("\"/>");
        }
        return html.append("</div>").toString();
    }

    /** Returns the {@code [C, H, W]} image shape of a classification task's examples, if they are images. */
    static Optional<long[]> imageShape(Task task) {
        if (task.kind() != TaskKind.CLASSIFICATION) {
            return Optional.empty();
        }
        INDArray inputs = task.supportInputs();
        if (inputs.rank() == 4) {
            return Optional.of(new long[] {inputs.size(1), inputs.size(2), inputs.size(3)});
        }
        Object declared = task.metadata().get("exampleShape");
        if (inputs.rank() == 2 && declared instanceof List<?> list && list.size() == 3) {
            long[] shape = list.stream().mapToLong(v -> ((Number) v).longValue()).toArray();
            if (shape[0] * shape[1] * shape[2] == inputs.size(1)) {
                return Optional.of(shape);
            }
        }
        return Optional.empty();
    }

    /** Encodes the grid as PNG bytes. */
    static byte[] png(Task task, long[] shape) {
        int channels = (int) shape[0];
        int height = (int) shape[1];
        int width = (int) shape[2];
        int zoom = Math.max(1, MIN_DISPLAY_SIDE / Math.max(height, width));

        double[] support = task.supportInputs().castTo(DataType.DOUBLE).dup('c').data().asDouble();
        double[] query = task.queryInputs().castTo(DataType.DOUBLE).dup('c').data().asDouble();
        long[] supportLabels = task.supportTargets().toLongVector();
        long[] queryLabels = task.queryTargets().toLongVector();
        double low = Math.min(min(support), min(query));
        double high = Math.max(max(support), max(query));

        int classes = Math.min(task.numClasses(), MAX_CLASSES);
        int supportColumns = maxPerClass(supportLabels, classes);
        int queryColumns = maxPerClass(queryLabels, classes);
        int cell = GAP + width * zoom;
        int imageWidth = GAP + supportColumns * cell + SET_GAP + queryColumns * cell;
        int imageHeight = GAP + classes * (GAP + height * zoom);
        BufferedImage grid = new BufferedImage(Math.max(1, imageWidth), Math.max(1, imageHeight), BufferedImage.TYPE_INT_RGB);
        for (int x = 0; x < grid.getWidth(); x++) {
            for (int y = 0; y < grid.getHeight(); y++) {
                grid.setRGB(x, y, 0x808080);
            }
        }

        int exampleSize = channels * height * width;
        drawSet(grid, support, supportLabels, classes, GAP, exampleSize, new int[] {channels, height, width, zoom}, low, high);
        drawSet(grid, query, queryLabels, classes, GAP + supportColumns * cell + SET_GAP, exampleSize,
                new int[] {channels, height, width, zoom}, low, high);

        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            ImageIO.write(grid, "png", bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("Failed to encode the task's image grid as PNG", e);
        }
        return bytes.toByteArray();
    }

    private static void drawSet(BufferedImage grid, double[] values, long[] labels, int classes, int left, int exampleSize,
                                int[] geometry, double low, double high) {
        int height = geometry[1];
        int width = geometry[2];
        int zoom = geometry[3];
        int[] placed = new int[classes];
        for (int example = 0; example < labels.length; example++) {
            int label = (int) labels[example];
            if (label >= classes || placed[label] >= MAX_IMAGES_PER_SET) {
                continue;
            }
            int x0 = left + placed[label] * (GAP + width * zoom);
            int y0 = GAP + label * (GAP + height * zoom);
            placed[label]++;
            for (int row = 0; row < height; row++) {
                for (int col = 0; col < width; col++) {
                    int rgb = pixel(values, example * exampleSize, geometry, row, col, low, high);
                    for (int dy = 0; dy < zoom; dy++) {
                        for (int dx = 0; dx < zoom; dx++) {
                            grid.setRGB(x0 + col * zoom + dx, y0 + row * zoom + dy, rgb);
                        }
                    }
                }
            }
        }
    }

    /** Maps a pixel to RGB, scaling [low, high] to [0, 255]: three channels as colour, otherwise channel 0 as grey. */
    private static int pixel(double[] values, int offset, int[] geometry, int row, int col, double low, double high) {
        int channels = geometry[0];
        int plane = geometry[1] * geometry[2];
        int index = row * geometry[2] + col;
        int[] rgb = new int[3];
        for (int c = 0; c < 3; c++) {
            int channel = channels == 3 ? c : 0;
            double value = values[offset + channel * plane + index];
            double scaled = high > low ? (value - low) / (high - low) : 0.0;
            rgb[c] = (int) Math.round(255 * Math.max(0, Math.min(1, scaled)));
        }
        return rgb[0] << 16 | rgb[1] << 8 | rgb[2];
    }

    private static int maxPerClass(long[] labels, int classes) {
        int[] counts = new int[Math.max(1, classes)];
        for (long label : labels) {
            if (label < classes) {
                counts[(int) label]++;
            }
        }
        int most = 0;
        for (int count : counts) {
            most = Math.max(most, Math.min(count, MAX_IMAGES_PER_SET));
        }
        return most;
    }

    private static double min(double[] values) {
        double result = Double.POSITIVE_INFINITY;
        for (double value : values) {
            result = Math.min(result, value);
        }
        return result;
    }

    private static double max(double[] values) {
        double result = Double.NEGATIVE_INFINITY;
        for (double value : values) {
            result = Math.max(result, value);
        }
        return result;
    }

    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
