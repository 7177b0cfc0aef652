package org.metagrad4j.tasks;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.metagrad4j.display.Displayable;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One meta-learning task: a support set to adapt on, a query set to evaluate the adapted model
 * on, and metadata describing how the task was made.
 *
 * <p>Shapes, with {@code n} examples:
 * <ul>
 *   <li>regression: inputs {@code [n, d]} and targets {@code [n, 1]}, both in the task's floating-point type;</li>
 *   <li>classification: inputs {@code [n, C, H, W]} for images or {@code [n, d]} for vectors in the
 *       task's floating-point type, targets class indices 0..N−1 as INT64 {@code [n]}.</li>
 * </ul>
 * The arrays are shared, not copied: callers must not modify them in place.
 *
 * <p>Printing a task shows a bounded summary; in a notebook a classification task over images
 * shows its support and query images as a grid (one row per class).
 */
public final class Task implements Displayable {
    private final INDArray supportInputs;
    private final INDArray supportTargets;
    private final INDArray queryInputs;
    private final INDArray queryTargets;
    private final TaskKind kind;
    private final int numClasses;
    private final long[] originalClassIds;
    private final Map<String, Object> metadata;
    private final long seed;

    private Task(INDArray supportInputs, INDArray supportTargets, INDArray queryInputs, INDArray queryTargets, TaskKind kind,
                 int numClasses, long[] originalClassIds, Map<String, Object> metadata, long seed) {
        this.supportInputs = supportInputs;
        this.supportTargets = supportTargets;
        this.queryInputs = queryInputs;
        this.queryTargets = queryTargets;
        this.kind = kind;
        this.numClasses = numClasses;
        this.originalClassIds = originalClassIds;
        this.metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
        this.seed = seed;
    }

    /**
     * Creates a regression task.
     *
     * @param supportInputs  {@code [n, d]}
     * @param supportTargets {@code [n, 1]}, same type as the inputs
     * @param queryInputs    {@code [m, d]}
     * @param queryTargets   {@code [m, 1]}
     * @param metadata       how the task was made, such as amplitude and phase; copied
     * @param seed           the seed the task was drawn from
     * @throws IllegalArgumentException if shapes or types do not match
     */
    public static Task regression(INDArray supportInputs, INDArray supportTargets, INDArray queryInputs, INDArray queryTargets,
                                  Map<String, Object> metadata, long seed) {
        checkInputs(supportInputs, queryInputs);
        checkRegressionTargets("supportTargets", supportTargets, supportInputs);
        checkRegressionTargets("queryTargets", queryTargets, queryInputs);
        return new Task(supportInputs, supportTargets, queryInputs, queryTargets, TaskKind.REGRESSION, 0, new long[0],
                Objects.requireNonNull(metadata, "metadata"), seed);
    }

    /**
     * Creates a classification task.
     *
     * @param supportInputs    {@code [n, ...]} in a floating-point type
     * @param supportTargets   class indices in 0..numClasses−1, INT64 {@code [n]}
     * @param queryInputs      {@code [m, ...]}, same example shape and type as the support inputs
     * @param queryTargets     class indices, INT64 {@code [m]}
     * @param originalClassIds the source dataset's id of each task class; its length is the number of classes N
     * @param metadata         how the task was made; copied
     * @param seed             the seed the task was drawn from
     * @throws IllegalArgumentException if shapes or types do not match or a target is outside 0..N−1
     */
    public static Task classification(INDArray supportInputs, INDArray supportTargets, INDArray queryInputs,
                                      INDArray queryTargets, long[] originalClassIds, Map<String, Object> metadata, long seed) {
        checkInputs(supportInputs, queryInputs);
        int classes = originalClassIds.length;
        if (classes < 1) {
            throw new IllegalArgumentException("originalClassIds must name at least one class, got none");
        }
        checkClassTargets("supportTargets", supportTargets, supportInputs, classes);
        checkClassTargets("queryTargets", queryTargets, queryInputs, classes);
        return new Task(supportInputs, supportTargets, queryInputs, queryTargets, TaskKind.CLASSIFICATION, classes,
                originalClassIds.clone(), Objects.requireNonNull(metadata, "metadata"), seed);
    }

    private static void checkInputs(INDArray support, INDArray query) {
        Objects.requireNonNull(support, "supportInputs");
        Objects.requireNonNull(query, "queryInputs");
        if (!support.dataType().isFPType() || support.dataType() != query.dataType()) {
            throw new IllegalArgumentException("supportInputs and queryInputs must share one floating-point type, got "
                    + support.dataType() + " and " + query.dataType());
        }
        if (support.rank() < 2 || query.rank() != support.rank()
                || !Arrays.equals(Arrays.copyOfRange(support.shape(), 1, support.rank()),
                Arrays.copyOfRange(query.shape(), 1, query.rank()))) {
            throw new IllegalArgumentException("supportInputs and queryInputs must be [n, ...] with one example shape, got "
                    + Arrays.toString(support.shape()) + " and " + Arrays.toString(query.shape()));
        }
    }

    private static void checkRegressionTargets(String name, INDArray targets, INDArray inputs) {
        Objects.requireNonNull(targets, name);
        if (targets.rank() != 2 || targets.size(0) != inputs.size(0) || targets.size(1) != 1
                || targets.dataType() != inputs.dataType()) {
            throw new IllegalArgumentException(name + " must be " + inputs.dataType() + " [" + inputs.size(0) + ", 1], got "
                    + targets.dataType() + " " + Arrays.toString(targets.shape()));
        }
    }

    private static void checkClassTargets(String name, INDArray targets, INDArray inputs, int classes) {
        Objects.requireNonNull(targets, name);
        if (targets.dataType() != DataType.INT64 || targets.rank() != 1 || targets.size(0) != inputs.size(0)) {
            throw new IllegalArgumentException(name + " must be INT64 [" + inputs.size(0) + "] class indices, got "
                    + targets.dataType() + " " + Arrays.toString(targets.shape()));
        }
        for (long value : targets.toLongVector()) {
            if (value < 0 || value >= classes) {
                throw new IllegalArgumentException(name + " contains class index " + value + ", outside 0.." + (classes - 1)
                        + " for " + classes + " classes");
            }
        }
    }

    /** Returns the support inputs, {@code [n, d]} or {@code [n, C, H, W]}. */
    public INDArray supportInputs() {
        return supportInputs;
    }

    /** Returns the support targets: {@code [n, 1]} values or INT64 {@code [n]} class indices. */
    public INDArray supportTargets() {
        return supportTargets;
    }

    /** Returns the query inputs, {@code [m, d]} or {@code [m, C, H, W]}. */
    public INDArray queryInputs() {
        return queryInputs;
    }

    /** Returns the query targets: {@code [m, 1]} values or INT64 {@code [m]} class indices. */
    public INDArray queryTargets() {
        return queryTargets;
    }

    /** Returns whether this is a regression or a classification task. */
    public TaskKind kind() {
        return kind;
    }

    /** Returns the number of classes N of a classification task, 0 for regression. */
    public int numClasses() {
        return numClasses;
    }

    /**
     * Returns the source dataset's class id of each task class: element {@code i} is the id of the
     * class labelled {@code i} in this task. Empty for regression.
     */
    public long[] originalClassIds() {
        return originalClassIds.clone();
    }

    /** Returns how the task was made (such as amplitude and phase, or class names), in insertion order; unmodifiable. */
    public Map<String, Object> metadata() {
        return metadata;
    }

    /** Returns the seed this task was drawn from; the source recreates the same task from it. */
    public long seed() {
        return seed;
    }

    /** Returns the floating-point type of the inputs. */
    public DataType dataType() {
        return supportInputs.dataType();
    }

    /** Returns the number of support examples. */
    public int supportSize() {
        return (int) supportInputs.size(0);
    }

    /** Returns the number of query examples. */
    public int querySize() {
        return (int) queryInputs.size(0);
    }

    /** Returns a bounded one-paragraph summary: kind, shapes, classes or metadata, seed. */
    @Override
    public String toString() {
        StringBuilder text = new StringBuilder("Task ").append(kind);
        if (kind == TaskKind.CLASSIFICATION) {
            text.append(' ').append(numClasses).append("-way");
        }
        text.append(", ").append(dataType())
                .append(": support ").append(Arrays.toString(supportInputs.shape()))
                .append(" -> ").append(Arrays.toString(supportTargets.shape()))
                .append(", query ").append(Arrays.toString(queryInputs.shape()))
                .append(" -> ").append(Arrays.toString(queryTargets.shape()));
        if (kind == TaskKind.CLASSIFICATION) {
            text.append(", classes ").append(boundedIds(originalClassIds));
        }
        for (Map.Entry<String, Object> entry : metadata.entrySet()) {
            if (entry.getValue() instanceof Number || entry.getValue() instanceof String) {
                text.append(", ").append(entry.getKey()).append('=').append(formatScalar(entry.getValue()));
            }
        }
        Object names = metadata.get("classNames");
        if (names instanceof List<?> list && !list.isEmpty()) {
            text.append(", class names ").append(list.size() <= 5 ? list : list.subList(0, 5) + " ...");
        }
        return text.append(", seed ").append(seed).toString();
    }

    private static String formatScalar(Object value) {
        if (value instanceof Double || value instanceof Float) {
            return String.format("%.4g", ((Number) value).doubleValue());
        }
        return String.valueOf(value);
    }

    private static String boundedIds(long[] ids) {
        if (ids.length <= 10) {
            return Arrays.toString(ids);
        }
        return Arrays.toString(Arrays.copyOf(ids, 10)).replace("]", ", ... (" + ids.length + " classes)]");
    }

    /**
     * Returns text/plain with the summary and text/html with the summary and, for a
     * classification task over images, a PNG grid of the support and query images.
     */
    @Override
    public Map<String, String> mimeBundle() {
        Map<String, String> bundle = new LinkedHashMap<>();
        bundle.put("text/plain", toString());
        bundle.put("text/html", TaskImages.html(this));
        return bundle;
    }
}
