package org.metagrad4j.tasks;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import org.metagrad4j.datasets.DatasetClass;
import org.metagrad4j.datasets.LabeledDataset;
import org.metagrad4j.runtime.Nd4jRuntime;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * N-way K-shot classification episodes drawn from a {@link LabeledDataset} (Vinyals et al.,
 * "Matching Networks for One Shot Learning", NeurIPS 2016): each task picks N classes at random,
 * then K support and Q query examples of each, all distinct, and labels the classes 0..N−1 in the
 * order they were picked.
 *
 * <p>Symbols and builder methods: N = {@code ways}, K = {@code shots}, Q = {@code queries} (per
 * class). Support sets hold N·K examples and query sets N·Q, ordered by label (all examples of
 * label 0, then label 1, ...). Inputs have the dataset's example shape ({@code [n, C, H, W]} for
 * images, {@code [n, d]} for vectors, or {@code [n, C·H·W]} with {@code flattenInputs}) in
 * {@code dataType}; targets are INT64 {@code [n]}. {@link Task#originalClassIds()} gives the
 * dataset's id of each label, and the metadata adds class names, base ids and rotations, the
 * class positions in {@link #dataset()} (for a head over all classes) and the example indices drawn.
 *
 * <p>Use one source per meta-split (see {@link org.metagrad4j.datasets.MetaSplits}) so that test
 * tasks never contain meta-training classes.
 */
public final class FewShotTasks implements TaskSource {
    private final LabeledDataset source;
    private final LabeledDataset dataset;
    private final int ways;
    private final int shots;
    private final int queries;
    private final DataType dataType;
    private final boolean rotatedClasses;
    private final int[] imageSize;
    private final boolean flattenInputs;

    private FewShotTasks(Builder builder, LabeledDataset prepared) {
        this.source = builder.dataset;
        this.dataset = prepared;
        this.ways = builder.ways;
        this.shots = builder.shots;
        this.queries = builder.queries;
        this.dataType = builder.dataType;
        this.rotatedClasses = builder.rotatedClasses;
        this.imageSize = builder.imageSize;
        this.flattenInputs = builder.flattenInputs;
    }

    /**
     * Returns a builder over a dataset, with 5 ways, 1 shot, 15 queries per class, FLOAT inputs,
     * no resizing and no rotated classes.
     *
     * @param dataset the classes to draw from, typically one meta-split
     */
    public static Builder builder(LabeledDataset dataset) {
        return new Builder(Objects.requireNonNull(dataset, "dataset"));
    }

    @Override
    public TaskBatch sample(int count, long seed) {
        long[] seeds = TaskSeeds.derive(count, seed);
        List<Task> tasks = new ArrayList<>(count);
        for (long taskSeed : seeds) {
            tasks.add(task(taskSeed));
        }
        return TaskBatch.of(tasks);
    }

    /**
     * Returns the task for a task seed: the one {@link #sample(int, long)} produces for that seed.
     *
     * @param taskSeed a value of {@link Task#seed()}
     */
    public Task task(long taskSeed) {
        Nd4jRuntime.ensureConfigured();
        Random random = new Random(taskSeed);
        int[] classIndices = pickDistinct(random, dataset.classCount(), ways);
        int exampleSize = dataset.exampleSize();
        double[] support = new double[ways * shots * exampleSize];
        double[] query = new double[ways * queries * exampleSize];
        long[] supportLabels = new long[ways * shots];
        long[] queryLabels = new long[ways * queries];
        long[] originalIds = new long[ways];

        List<String> names = new ArrayList<>(ways);
        List<Long> baseIds = new ArrayList<>(ways);
        List<Integer> rotations = new ArrayList<>(ways);
        List<Integer> positions = new ArrayList<>(ways);
        List<List<Integer>> supportExamples = new ArrayList<>(ways);
        List<List<Integer>> queryExamples = new ArrayList<>(ways);

        for (int label = 0; label < ways; label++) {
            int classIndex = classIndices[label];
            DatasetClass datasetClass = dataset.classAt(classIndex);
            int[] examples = pickDistinct(random, datasetClass.exampleCount(), shots + queries);
            for (int k = 0; k < shots; k++) {
                int row = label * shots + k;
                dataset.readExample(classIndex, examples[k], support, row * exampleSize);
                supportLabels[row] = label;
            }
            for (int q = 0; q < queries; q++) {
                int row = label * queries + q;
                dataset.readExample(classIndex, examples[shots + q], query, row * exampleSize);
                queryLabels[row] = label;
            }
            originalIds[label] = datasetClass.id();
            names.add(datasetClass.name());
            baseIds.add(dataset.baseClassId(classIndex));
            rotations.add(dataset.rotationDegrees(classIndex));
            positions.add(classIndex);
            supportExamples.add(boxed(Arrays.copyOfRange(examples, 0, shots)));
            queryExamples.add(boxed(Arrays.copyOfRange(examples, shots, shots + queries)));
        }

        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("dataset", dataset.name());
        metadata.put("ways", ways);
        metadata.put("shots", shots);
        metadata.put("queries", queries);
        metadata.put("classNames", List.copyOf(names));
        metadata.put("baseClassIds", List.copyOf(baseIds));
        metadata.put("rotationDegrees", List.copyOf(rotations));
        metadata.put("datasetClassIndices", List.copyOf(positions));
        metadata.put("supportExampleIndices", List.copyOf(supportExamples));
        metadata.put("queryExampleIndices", List.copyOf(queryExamples));
        metadata.put("exampleShape", Arrays.stream(dataset.exampleShape()).boxed().toList());
        return Task.classification(inputs(support, ways * shots), Nd4j.createFromArray(supportLabels),
                inputs(query, ways * queries), Nd4j.createFromArray(queryLabels), originalIds, metadata, taskSeed);
    }

    private INDArray inputs(double[] values, int rows) {
        long[] exampleShape = flattenInputs ? new long[] {dataset.exampleSize()} : dataset.exampleShape();
        long[] shape = new long[exampleShape.length + 1];
        shape[0] = rows;
        System.arraycopy(exampleShape, 0, shape, 1, exampleShape.length);
        return Nd4j.create(values, shape, dataType);
    }

    /** Returns {@code count} distinct values of 0..bound−1 in random order (a partial Fisher–Yates shuffle). */
    private static int[] pickDistinct(Random random, int bound, int count) {
        int[] pool = new int[bound];
        for (int i = 0; i < bound; i++) {
            pool[i] = i;
        }
        for (int i = 0; i < count; i++) {
            int j = i + random.nextInt(bound - i);
            int swap = pool[i];
            pool[i] = pool[j];
            pool[j] = swap;
        }
        return Arrays.copyOf(pool, count);
    }

    private static List<Integer> boxed(int[] values) {
        return Arrays.stream(values).boxed().toList();
    }

    @Override
    public DataType dataType() {
        return dataType;
    }

    @Override
    public TaskKind kind() {
        return TaskKind.CLASSIFICATION;
    }

    /**
     * Returns the dataset tasks are drawn from, after resizing and adding rotated classes; its class
     * positions are the {@code "datasetClassIndices"} of task metadata.
     */
    public LabeledDataset dataset() {
        return dataset;
    }

    /** Returns the number of classes per task, N. */
    public int ways() {
        return ways;
    }

    /** Returns the number of support examples per class, K. */
    public int shots() {
        return shots;
    }

    /** Returns the number of query examples per class, Q. */
    public int queries() {
        return queries;
    }

    /** Returns the whole configuration and the dataset it draws from. */
    @Override
    public String toString() {
        return "FewShotTasks{ways=" + ways + ", shots=" + shots + ", queries=" + queries + ", dataType=" + dataType
                + ", imageSize=" + (imageSize == null ? "unchanged" : imageSize[0] + "x" + imageSize[1])
                + ", rotatedClasses=" + rotatedClasses + ", flattenInputs=" + flattenInputs
                + ", source='" + source.name() + "' (" + source.classCount() + " classes), drawing from "
                + dataset.classCount() + " classes}";
    }

    /** Builder of {@link FewShotTasks}; {@link #build()} validates the settings against the dataset. */
    public static final class Builder {
        private final LabeledDataset dataset;
        private int ways = 5;
        private int shots = 1;
        private int queries = 15;
        private DataType dataType = DataType.FLOAT;
        private boolean rotatedClasses;
        private int[] imageSize;
        private boolean flattenInputs;

        private Builder(LabeledDataset dataset) {
            this.dataset = dataset;
        }

        /** Sets the number of classes per task, N (default 5). */
        public Builder ways(int classesPerTask) {
            this.ways = classesPerTask;
            return this;
        }

        /** Sets the number of support examples per class, K (default 1). */
        public Builder shots(int supportPerClass) {
            this.shots = supportPerClass;
            return this;
        }

        /** Sets the number of query examples per class, Q (default 15). */
        public Builder queries(int queriesPerClass) {
            this.queries = queriesPerClass;
            return this;
        }

        /** Sets the floating-point type of the inputs (default FLOAT). */
        public Builder dataType(DataType type) {
            this.dataType = Objects.requireNonNull(type, "dataType");
            return this;
        }

        /**
         * Adds each class rotated by 90°, 180° and 270° as three new classes (the standard Omniglot
         * protocol; see {@link LabeledDataset#withRotatedClasses()}). Default false.
         */
        public Builder rotatedClasses(boolean addRotatedClasses) {
            this.rotatedClasses = addRotatedClasses;
            return this;
        }

        /**
         * Resizes images once, at {@link #build()}, by area averaging (see
         * {@link LabeledDataset#resized(int, int)}), such as {@code imageSize(28, 28)} for Omniglot.
         */
        public Builder imageSize(int height, int width) {
            this.imageSize = new int[] {height, width};
            return this;
        }

        /** Flattens image inputs to {@code [n, C·H·W]}, for fully connected models (default false). */
        public Builder flattenInputs(boolean flatten) {
            this.flattenInputs = flatten;
            return this;
        }

        /**
         * Returns the task source, resizing the dataset's images first if requested.
         *
         * @throws IllegalArgumentException if a count is below 1 (ways below 2), N exceeds the number of classes,
         *                                  some class has fewer than K + Q examples, or the type is not floating point
         */
        public FewShotTasks build() {
            if (ways < 2) {
                throw new IllegalArgumentException("ways must be >= 2 (a task needs classes to tell apart), got " + ways);
            }
            if (shots < 1) {
                throw new IllegalArgumentException("shots must be >= 1, got " + shots);
            }
            if (queries < 1) {
                throw new IllegalArgumentException("queries must be >= 1 (the query set gives the meta-objective), got " + queries);
            }
            if (!dataType.isFPType()) {
                throw new IllegalArgumentException("dataType must be a floating-point type such as FLOAT or DOUBLE, got " + dataType);
            }
            LabeledDataset prepared = dataset;
            if (imageSize != null) {
                prepared = prepared.resized(imageSize[0], imageSize[1]);
            }
            if (rotatedClasses) {
                prepared = prepared.withRotatedClasses();
            }
            if (ways > prepared.classCount()) {
                throw new IllegalArgumentException("ways = " + ways + " exceeds the " + prepared.classCount()
                        + " classes of dataset '" + prepared.name() + "'; lower ways or use a dataset with more classes");
            }
            checkClassSizes(prepared);
            return new FewShotTasks(this, prepared);
        }

        private void checkClassSizes(LabeledDataset prepared) {
            int needed = shots + queries;
            List<DatasetClass> small = prepared.classes().stream().filter(c -> c.exampleCount() < needed).toList();
            if (!small.isEmpty()) {
                throw new IllegalArgumentException(small.size() + " of " + prepared.classCount() + " classes of dataset '"
                        + prepared.name() + "' have fewer than shots + queries = " + shots + " + " + queries + " = " + needed
                        + " examples, such as " + small.subList(0, Math.min(3, small.size()))
                        + "; lower shots or queries, or select only classes with enough examples");
            }
        }
    }
}
