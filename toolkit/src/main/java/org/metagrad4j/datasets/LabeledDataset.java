package org.metagrad4j.datasets;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.metagrad4j.runtime.Nd4jRuntime;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * An immutable collection of labelled examples grouped by class: images of shape
 * {@code [channels, height, width]} or feature vectors of shape {@code [features]}.
 *
 * <p>Examples stay in the most compact form their source allows (bits for binary images, bytes
 * for 8-bit images, doubles for feature tables) and become arrays only when read, so a dataset of
 * tens of thousands of images costs little memory until episodes are drawn from it. Views such as
 * {@link #selectClasses(Collection)} and {@link #withRotatedClasses()} share the values of the
 * dataset they come from; {@link #resized(int, int)} computes its images once.
 *
 * <p>Each class has an id from the source (unique within the dataset), a name, and for rotated
 * classes a base class id and a rotation; see {@link #withRotatedClasses()}.
 */
public final class LabeledDataset {
    private static final int PREVIEW_CLASSES = 5;

    private final String name;
    private final long[] exampleShape;
    private final List<DatasetClass> classes;
    private final long[] baseClassIds;
    private final int[] rotationDegrees;
    private final ExampleStore store;
    private final Map<Long, Integer> indexById;

    LabeledDataset(String name, long[] exampleShape, List<DatasetClass> classes, ExampleStore store) {
        this(name, exampleShape, classes, classes.stream().mapToLong(DatasetClass::id).toArray(), new int[classes.size()], store);
    }

    private LabeledDataset(String name, long[] exampleShape, List<DatasetClass> classes, long[] baseClassIds,
                           int[] rotationDegrees, ExampleStore store) {
        this.name = Objects.requireNonNull(name, "name");
        this.exampleShape = exampleShape.clone();
        this.classes = List.copyOf(classes);
        this.baseClassIds = baseClassIds;
        this.rotationDegrees = rotationDegrees;
        this.store = store;
        this.indexById = new HashMap<>();
        for (int i = 0; i < this.classes.size(); i++) {
            Integer previous = indexById.put(this.classes.get(i).id(), i);
            if (previous != null) {
                throw new IllegalArgumentException("class id " + this.classes.get(i).id() + " appears twice in dataset '"
                        + name + "' (classes " + previous + " and " + i + "); class ids must be unique");
            }
        }
        if (store.classCount() != this.classes.size()) {
            throw new IllegalStateException("store contains " + store.classCount() + " classes but dataset '" + name
                    + "' lists " + this.classes.size());
        }
    }

    /**
     * Creates a dataset from examples in memory, grouping them by label.
     *
     * @param name     a name shown when the dataset is printed
     * @param examples the examples, {@code [n, ...]}: {@code [n, features]} or {@code [n, channels, height, width]}
     * @param labels   the class id of each example, length {@code n}
     * @return the dataset, classes ordered by id and named by their id
     * @throws IllegalArgumentException if the example count and the label count differ, or there are no examples
     */
    public static LabeledDataset fromArrays(String name, INDArray examples, long[] labels) {
        return fromArrays(name, examples, labels, Map.of());
    }

    /**
     * Creates a dataset from examples in memory, grouping them by label.
     *
     * @param name       a name shown when the dataset is printed
     * @param examples   the examples, {@code [n, ...]}: {@code [n, features]} or {@code [n, channels, height, width]}
     * @param labels     the class id of each example, length {@code n}
     * @param classNames names by class id; a class without an entry is named by its id
     * @return the dataset, classes ordered by id
     * @throws IllegalArgumentException if the example count and the label count differ, or there are no examples
     */
    public static LabeledDataset fromArrays(String name, INDArray examples, long[] labels, Map<Long, String> classNames) {
        Objects.requireNonNull(examples, "examples");
        Objects.requireNonNull(labels, "labels");
        if (examples.rank() < 2) {
            throw new IllegalArgumentException("examples must have shape [n, ...] with rank >= 2, got "
                    + Arrays.toString(examples.shape()));
        }
        if (examples.size(0) != labels.length) {
            throw new IllegalArgumentException("examples has " + examples.size(0) + " rows but labels has "
                    + labels.length + " entries; give one label per example");
        }
        if (labels.length == 0) {
            throw new IllegalArgumentException("examples is empty; a dataset needs at least one example");
        }
        long[] exampleShape = Arrays.copyOfRange(examples.shape(), 1, examples.rank());
        int exampleSize = Math.toIntExact(examples.length() / labels.length);
        double[] values = examples.castTo(DataType.DOUBLE).dup('c').data().asDouble();
        return ExampleGrouping.group(name, exampleShape, labels, classNames, (row, destination, offset) ->
                System.arraycopy(values, row * exampleSize, destination, offset, exampleSize));
    }

    /** Returns the dataset's name, such as {@code "omniglot-background"}. */
    public String name() {
        return name;
    }

    /** Returns the shape of one example: {@code [channels, height, width]} for images, {@code [features]} for vectors. */
    public long[] exampleShape() {
        return exampleShape.clone();
    }

    /** Returns the number of values in one example (the product of {@link #exampleShape()}). */
    public int exampleSize() {
        return store.exampleSize();
    }

    /** Returns whether examples are images, that is, whether the example shape is {@code [channels, height, width]}. */
    public boolean isImageDataset() {
        return exampleShape.length == 3;
    }

    /** Returns the number of classes. */
    public int classCount() {
        return classes.size();
    }

    /** Returns the classes in index order. */
    public List<DatasetClass> classes() {
        return classes;
    }

    /**
     * Returns the class at an index.
     *
     * @param classIndex the position, 0 ≤ classIndex &lt; {@link #classCount()}
     * @throws IndexOutOfBoundsException if the index is out of range
     */
    public DatasetClass classAt(int classIndex) {
        Objects.checkIndex(classIndex, classes.size());
        return classes.get(classIndex);
    }

    /**
     * Returns the index of the class with an id.
     *
     * @param classId a class id of this dataset
     * @throws IllegalArgumentException if no class has that id
     */
    public int indexOfClass(long classId) {
        Integer index = indexById.get(classId);
        if (index == null) {
            throw new IllegalArgumentException("dataset '" + name + "' has no class with id " + classId
                    + "; its ids are " + idPreview(classes));
        }
        return index;
    }

    /** Returns whether a class with this id exists. */
    public boolean containsClass(long classId) {
        return indexById.containsKey(classId);
    }

    /**
     * Returns the id of the class a class was made from: its own id, or for a class added by
     * {@link #withRotatedClasses()} the id of the unrotated class.
     */
    public long baseClassId(int classIndex) {
        Objects.checkIndex(classIndex, classes.size());
        return baseClassIds[classIndex];
    }

    /** Returns how far a class's images are rotated counter-clockwise from its base class: 0, 90, 180 or 270 degrees. */
    public int rotationDegrees(int classIndex) {
        Objects.checkIndex(classIndex, classes.size());
        return rotationDegrees[classIndex];
    }

    /** Returns the total number of examples over all classes. */
    public long exampleCount() {
        long total = 0;
        for (DatasetClass datasetClass : classes) {
            total += datasetClass.exampleCount();
        }
        return total;
    }

    /** Returns the smallest number of examples of any class (0 for a dataset without classes). */
    public int minExamplesPerClass() {
        return classes.stream().mapToInt(DatasetClass::exampleCount).min().orElse(0);
    }

    /** Returns the approximate heap memory held by the example values, in bytes (shared with views of this dataset). */
    public long storageBytes() {
        return store.storageBytes();
    }

    /**
     * Writes one example's values, row-major in the example shape, into an array.
     *
     * @param classIndex   the class position
     * @param exampleIndex the example position within the class
     * @param destination  the array to write {@link #exampleSize()} values into
     * @param offset       the position in {@code destination} of the first value
     * @throws IndexOutOfBoundsException if an index is out of range or the destination is too short
     */
    public void readExample(int classIndex, int exampleIndex, double[] destination, int offset) {
        Objects.checkIndex(classIndex, classes.size());
        Objects.checkIndex(exampleIndex, classes.get(classIndex).exampleCount());
        Objects.checkFromIndexSize(offset, store.exampleSize(), destination.length);
        store.read(classIndex, exampleIndex, destination, offset);
    }

    /**
     * Returns one example as an array of the example shape.
     *
     * @param classIndex   the class position
     * @param exampleIndex the example position within the class
     * @param dataType     the floating-point type of the result
     * @throws IndexOutOfBoundsException if an index is out of range
     */
    public INDArray example(int classIndex, int exampleIndex, DataType dataType) {
        Nd4jRuntime.ensureConfigured();
        double[] values = new double[store.exampleSize()];
        readExample(classIndex, exampleIndex, values, 0);
        return Nd4j.create(values, exampleShape.clone(), dataType);
    }

    /**
     * Returns a view with only the classes with the given ids, in the given order.
     *
     * @param classIds ids of classes of this dataset, each at most once
     * @throws IllegalArgumentException if an id is unknown or repeated
     */
    public LabeledDataset selectClasses(Collection<Long> classIds) {
        int[] indices = new int[classIds.size()];
        int position = 0;
        for (long id : classIds) {
            indices[position++] = indexOfClass(id);
        }
        if (Arrays.stream(indices).distinct().count() != indices.length) {
            throw new IllegalArgumentException("classIds repeats a class id; list each class once, got " + classIds.size()
                    + " ids for " + Arrays.stream(indices).distinct().count() + " classes");
        }
        return subset(indices, name);
    }

    /**
     * Returns a view with the classes at positions {@code fromIndex} (inclusive) to {@code toIndex} (exclusive).
     *
     * @param fromIndex the first class position
     * @param toIndex   one past the last class position
     * @throws IndexOutOfBoundsException if the range is not within {@code [0, classCount()]}
     */
    public LabeledDataset classRange(int fromIndex, int toIndex) {
        Objects.checkFromToIndex(fromIndex, toIndex, classes.size());
        int[] indices = new int[toIndex - fromIndex];
        for (int i = 0; i < indices.length; i++) {
            indices[i] = fromIndex + i;
        }
        return subset(indices, name);
    }

    /** Returns a view of this dataset under another name. */
    public LabeledDataset withName(String newName) {
        return new LabeledDataset(newName, exampleShape, classes, baseClassIds, rotationDegrees, store);
    }

    LabeledDataset subset(int[] indices, String subsetName) {
        List<DatasetClass> selected = new ArrayList<>(indices.length);
        long[] selectedBaseIds = new long[indices.length];
        int[] selectedRotations = new int[indices.length];
        for (int i = 0; i < indices.length; i++) {
            selected.add(classes.get(indices[i]));
            selectedBaseIds[i] = baseClassIds[indices[i]];
            selectedRotations[i] = rotationDegrees[indices[i]];
        }
        return new LabeledDataset(subsetName, exampleShape, selected, selectedBaseIds, selectedRotations,
                IndexedExampleStore.of(store, indices));
    }

    /**
     * Returns a copy with every image resized to {@code height × width} by area averaging, computed
     * once here (see {@link #withRotatedClasses()} for the order of the two).
     *
     * <p>Each output pixel is the mean of the input area it covers, with input pixels that the
     * area's edge cuts weighted by the covered fraction (105 → 28 for Omniglot averages 3.75 × 3.75
     * pixels). Binary and 8-bit images are stored again as bytes, so resized values are multiples
     * of 1/255 of the value range, as when resizing an 8-bit greyscale image.
     *
     * @param height the new height in pixels, ≥ 1
     * @param width  the new width in pixels, ≥ 1
     * @return a dataset with the same classes and example shape {@code [channels, height, width]};
     *         this dataset itself when the size is unchanged
     * @throws IllegalArgumentException if the dataset does not hold images or a size is below 1
     */
    public LabeledDataset resized(int height, int width) {
        requireImages("resized");
        if (height < 1 || width < 1) {
            throw new IllegalArgumentException("resized height and width must be >= 1, got " + height + " x " + width);
        }
        if (height == exampleShape[1] && width == exampleShape[2]) {
            return this;
        }
        Nd4jRuntime.ensureConfigured();
        int channels = (int) exampleShape[0];
        ExampleStore resizedStore = AreaResizing.resize(store, channels, (int) exampleShape[1], (int) exampleShape[2],
                height, width);
        return new LabeledDataset(name, new long[] {channels, height, width}, classes, baseClassIds, rotationDegrees,
                resizedStore);
    }

    /**
     * Returns a view with four times the classes: every class, then every class rotated
     * counter-clockwise by 90°, then by 180°, then by 270°, each rotation counting as a new class.
     * This is the class augmentation of the standard Omniglot protocol (Santoro et al.,
     * "Meta-Learning with Memory-Augmented Neural Networks", ICML 2016; Finn et al., MAML, ICML 2017).
     *
     * <p>The class at index {@code r * classCount() + c} is class {@code c} turned {@code r} quarter
     * turns. Its id is {@code id + r * stride} with {@code stride = maxId - minId + 1} over this
     * dataset's ids, so ids stay unique and the unrotated classes keep theirs; its name gets the
     * suffix {@code " rot90"} (or 180, 270), and {@link #baseClassId(int)} and
     * {@link #rotationDegrees(int)} return where it came from. Pixels are rotated when read.
     *
     * <p>Split classes into meta-train, validation and test sets before rotating, so that rotations
     * of one character never land in two splits. When both resizing and rotating, resize first:
     * rotation is then applied to the smaller images.
     *
     * @throws IllegalArgumentException if the dataset does not contain square images, or already contains rotated classes
     */
    public LabeledDataset withRotatedClasses() {
        requireImages("withRotatedClasses");
        if (exampleShape[1] != exampleShape[2]) {
            throw new IllegalArgumentException("withRotatedClasses needs square images, got " + exampleShape[1] + " x "
                    + exampleShape[2] + " in dataset '" + name + "'; resize them to a square first with resized(size, size)");
        }
        if (Arrays.stream(rotationDegrees).anyMatch(degrees -> degrees != 0)) {
            throw new IllegalArgumentException("dataset '" + name + "' already contains rotated classes; call withRotatedClasses() once");
        }
        int count = classes.size();
        long minId = classes.stream().mapToLong(DatasetClass::id).min().orElse(0);
        long maxId = classes.stream().mapToLong(DatasetClass::id).max().orElse(0);
        long stride = maxId - minId + 1;
        List<DatasetClass> rotated = new ArrayList<>(RotatedExampleStore.QUARTER_TURNS * count);
        long[] rotatedBaseIds = new long[RotatedExampleStore.QUARTER_TURNS * count];
        int[] rotatedDegrees = new int[RotatedExampleStore.QUARTER_TURNS * count];
        for (int turns = 0; turns < RotatedExampleStore.QUARTER_TURNS; turns++) {
            for (int c = 0; c < count; c++) {
                DatasetClass base = classes.get(c);
                String rotatedName = turns == 0 ? base.name() : base.name() + " rot" + (90 * turns);
                rotated.add(new DatasetClass(base.id() + turns * stride, rotatedName, base.exampleCount()));
                rotatedBaseIds[turns * count + c] = base.id();
                rotatedDegrees[turns * count + c] = 90 * turns;
            }
        }
        ExampleStore view = new RotatedExampleStore(store, (int) exampleShape[0], (int) exampleShape[1]);
        return new LabeledDataset(name + " (rotations as classes)", exampleShape, rotated, rotatedBaseIds, rotatedDegrees, view);
    }

    private void requireImages(String operation) {
        if (!isImageDataset()) {
            throw new IllegalArgumentException(operation + " needs images of shape [channels, height, width], but dataset '"
                    + name + "' contains examples of shape " + Arrays.toString(exampleShape));
        }
    }

    /** Returns one row per class: index, id, name, example count, base id and rotation. */
    public Table toTable() {
        int count = classes.size();
        IntColumn index = IntColumn.create("index", count);
        LongColumn id = LongColumn.create("id", count);
        StringColumn className = StringColumn.create("name", count);
        IntColumn examples = IntColumn.create("examples", count);
        LongColumn baseId = LongColumn.create("baseId", count);
        IntColumn rotation = IntColumn.create("rotationDegrees", count);
        for (int i = 0; i < count; i++) {
            DatasetClass datasetClass = classes.get(i);
            index.set(i, i);
            id.set(i, datasetClass.id());
            className.set(i, datasetClass.name());
            examples.set(i, datasetClass.exampleCount());
            baseId.set(i, baseClassIds[i]);
            rotation.set(i, rotationDegrees[i]);
        }
        return Table.create(name, index, id, className, examples, baseId, rotation);
    }

    /** Returns the summary figures that {@link #toString()} prints, as an ordered map. */
    public Map<String, Object> summary() {
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("name", name);
        summary.put("classes", classes.size());
        summary.put("examples", exampleCount());
        summary.put("exampleShape", Arrays.toString(exampleShape));
        summary.put("examplesPerClass", classes.isEmpty() ? "-" : minExamplesPerClass() + ".."
                + classes.stream().mapToInt(DatasetClass::exampleCount).max().orElse(0));
        summary.put("storageMiB", String.format("%.1f", store.storageBytes() / (1024.0 * 1024.0)));
        return summary;
    }

    /** Returns a bounded summary: name, sizes, example shape and the first few classes. */
    @Override
    public String toString() {
        Map<String, Object> summary = summary();
        StringBuilder text = new StringBuilder("LabeledDataset '").append(name).append("': ")
                .append(summary.get("classes")).append(" classes, ")
                .append(summary.get("examples")).append(" examples (")
                .append(summary.get("examplesPerClass")).append(" per class), example shape ")
                .append(summary.get("exampleShape")).append(", ")
                .append(summary.get("storageMiB")).append(" MiB");
        text.append("\n  classes: ");
        for (int i = 0; i < Math.min(PREVIEW_CLASSES, classes.size()); i++) {
            text.append(i == 0 ? "" : ", ").append(classes.get(i));
        }
        if (classes.size() > PREVIEW_CLASSES) {
            text.append(", ... (").append(classes.size() - PREVIEW_CLASSES).append(" more)");
        }
        return text.toString();
    }

    static String idPreview(List<DatasetClass> classes) {
        if (classes.isEmpty()) {
            return "(none)";
        }
        if (classes.size() <= 6) {
            return classes.stream().map(c -> Long.toString(c.id())).toList().toString();
        }
        return "[" + classes.get(0).id() + ", " + classes.get(1).id() + ", " + classes.get(2).id() + ", ..., "
                + classes.get(classes.size() - 1).id() + "] (" + classes.size() + " classes)";
    }
}
