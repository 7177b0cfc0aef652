package org.metagrad4j.surrogates;

import java.util.Arrays;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.TreeSet;
import org.metagrad4j.autodiff.Tensor;
import org.metagrad4j.inner.StepAwareLoss;
import org.metagrad4j.nn.Loss;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * An inner-loop surrogate that evaluates a loss on a subset of the model's outputs: a subset of
 * the classes (logits) for classification, or of the output dimensions for regression.
 *
 * <p>At inner step k, task t keeps the outputs O_{t,k} and the loss is
 * {@code L(z[..., O_{t,k}], y')}, with labels y renumbered to their positions in O_{t,k}. For
 * cross-entropy this is the sampled softmax {@code −log(exp z_y / Σ_{c ∈ O} exp z_c)}: the
 * normaliser runs over the subset only. Sampled subsets always contain the classes that occur in
 * the task's support targets, and are drawn again at every inner step from (seed, task seed, k),
 * so the same step of the same task always gets the same subset. A subset that contains every output
 * gives the full loss (up to the summation order).
 *
 * <p>Symbols: |O| = {@code size}; the seed is {@code seed}. Without a step (see
 * {@link StepAwareLoss}) the full base loss is evaluated.
 *
 * @implNote The subset is taken by multiplying the outputs {@code [T, n, C]} with a one-hot
 * selection {@code [T, C, |O|]}, one batched matrix product for the whole meta-batch. The model
 * still computes every output, so the saving is in the loss, not in the forward pass.
 */
public final class OutputSubsetLoss implements StepAwareLoss {
    private enum Mode { SAMPLED_CLASSES, FIXED_CLASSES, SAMPLED_OUTPUTS }

    private final Mode mode;
    private final Loss base;
    private final int size;
    private final long seed;
    private final long[] fixedClasses;

    private OutputSubsetLoss(Mode mode, Loss base, int size, long seed, long[] fixedClasses) {
        this.mode = mode;
        this.base = Objects.requireNonNull(base, "base loss");
        this.size = size;
        this.seed = seed;
        this.fixedClasses = fixedClasses;
    }

    /**
     * Classification on {@code size} classes per task and step: the task's own classes (those in
     * its support targets) plus classes drawn uniformly without replacement from the others.
     *
     * @param base a loss of logits and INT64 labels, such as {@link Loss#crossEntropy()}
     * @param size |O| ≥ 1; it must be at least the number of classes of every task, and at most the number of logits
     * @param seed seed of the draws
     */
    public static OutputSubsetLoss sampledClasses(Loss base, int size, long seed) {
        if (size < 1) {
            throw new IllegalArgumentException("output subset size must be >= 1, got " + size);
        }
        return new OutputSubsetLoss(Mode.SAMPLED_CLASSES, base, size, seed, null);
    }

    /**
     * Classification on one fixed set of classes at every step.
     *
     * @param base    a loss of logits and INT64 labels
     * @param classes logit indices, each at most once; every class of every task must be among them
     */
    public static OutputSubsetLoss fixedClasses(Loss base, long... classes) {
        if (classes.length == 0) {
            throw new IllegalArgumentException("fixedClasses needs at least one class index");
        }
        long[] sorted = classes.clone();
        Arrays.sort(sorted);
        for (int i = 0; i < sorted.length; i++) {
            if (sorted[i] < 0 || (i > 0 && sorted[i] == sorted[i - 1])) {
                throw new IllegalArgumentException("fixedClasses: class indices must be >= 0 and distinct, got "
                        + Arrays.toString(classes));
            }
        }
        return new OutputSubsetLoss(Mode.FIXED_CLASSES, base, sorted.length, 0, sorted);
    }

    /**
     * Regression on {@code size} output dimensions per task and step, drawn uniformly without replacement.
     *
     * @param base a loss of predictions and targets of equal shape, such as {@link Loss#meanSquaredError()}
     * @param size number of output dimensions kept, ≥ 1 and at most the output width
     * @param seed seed of the draws
     */
    public static OutputSubsetLoss sampledOutputs(Loss base, int size, long seed) {
        if (size < 1) {
            throw new IllegalArgumentException("output subset size must be >= 1, got " + size);
        }
        return new OutputSubsetLoss(Mode.SAMPLED_OUTPUTS, base, size, seed, null);
    }

    /** Number of outputs kept per task and step. */
    public int size() {
        return size;
    }

    /** Evaluates the full base loss over every output. */
    @Override
    public Tensor perTask(Tensor predictions, INDArray targets) {
        return base.perTask(predictions, targets);
    }

    @Override
    public Tensor perTask(Tensor predictions, INDArray targets, int step, long[] taskSeeds) {
        boolean classification = mode != Mode.SAMPLED_OUTPUTS;
        int exampleAxes = classification ? targets.rank() : targets.rank() - 1;
        boolean batched = exampleAxes >= 2;
        if (!batched) {
            Tensor single = perTask(predictions.unsqueeze(0), targets.reshape(prepend(1, targets.shape())), step, taskSeeds);
            return single.reshape();
        }
        long tasks = predictions.size(0);
        long outputs = predictions.size(-1);
        if (taskSeeds.length != tasks) {
            throw new IllegalArgumentException("OutputSubsetLoss: " + taskSeeds.length + " task seeds for " + tasks + " tasks");
        }
        long[][] subsets = new long[(int) tasks][];
        for (int t = 0; t < tasks; t++) {
            subsets[t] = classification ? classSubset(targets, t, outputs, step, taskSeeds[t])
                    : StepSamples.sampleWithoutReplacement(range(requireSize(outputs)), size,
                            StepSamples.generator(seed, taskSeeds[t], step));
            Arrays.sort(subsets[t]);
        }

        // Fold the example axes into one: [T, n, C] · [T, C, |O|] keeps the selected logits exactly (one 1 per column).
        long[] shape = predictions.shape();
        Tensor folded = predictions.reshape(tasks, -1, outputs);
        INDArray selection = Nd4j.zeros(predictions.dataType(), tasks, outputs, subsets[0].length);
        for (int t = 0; t < tasks; t++) {
            for (int j = 0; j < subsets[t].length; j++) {
                selection.putScalar(new long[] {t, subsets[t][j], j}, 1.0);
            }
        }
        long[] selectedShape = shape.clone();
        selectedShape[shape.length - 1] = subsets[0].length;
        Tensor selected = folded.matmul(Tensor.constant(selection)).reshape(selectedShape);
        INDArray selectedTargets = classification ? renumber(targets, subsets)
                : Nd4j.matmul(targets.castTo(predictions.dataType()).reshape(tasks, -1, outputs), selection).reshape(selectedShape);
        return base.perTask(selected, selectedTargets);
    }

    private long[] classSubset(INDArray targets, int task, long outputs, int step, long taskSeed) {
        long[] present = presentClasses(targets, task);
        if (mode == Mode.FIXED_CLASSES) {
            for (long c : present) {
                if (Arrays.binarySearch(fixedClasses, c) < 0) {
                    throw new IllegalArgumentException("the output subset " + Arrays.toString(fixedClasses) + " excludes class " + c
                            + " of task " + task + " (seed " + taskSeed + "), whose classes are " + Arrays.toString(present)
                            + "; include every class the tasks use, or use OutputSubsetLoss.sampledClasses");
                }
            }
            if (fixedClasses[fixedClasses.length - 1] >= outputs) {
                throw new IllegalArgumentException("the output subset " + Arrays.toString(fixedClasses) + " names class "
                        + fixedClasses[fixedClasses.length - 1] + " but the model has " + outputs + " logits (0.." + (outputs - 1) + ")");
            }
            return fixedClasses.clone();
        }

        requireSize(outputs);
        if (present.length > size) {
            throw new IllegalArgumentException("output subset size " + size + " would exclude classes of task " + task + " (seed "
                    + taskSeed + "), which has " + present.length + " classes " + Arrays.toString(present)
                    + "; use a size of at least " + present.length);
        }
        TreeSet<Long> taken = new TreeSet<>();
        for (long c : present) {
            taken.add(c);
        }
        long[] others = new long[(int) (outputs - present.length)];
        int next = 0;
        for (long c = 0; c < outputs; c++) {
            if (!taken.contains(c)) {
                others[next++] = c;
            }
        }

        SplittableRandom random = StepSamples.generator(seed, taskSeed, step);
        long[] extra = StepSamples.sampleWithoutReplacement(others, size - present.length, random);
        long[] subset = Arrays.copyOf(present, size);
        System.arraycopy(extra, 0, subset, present.length, extra.length);
        return subset;
    }

    private int requireSize(long outputs) {
        if (size > outputs) {
            throw new IllegalArgumentException("output subset size " + size + " exceeds the model's " + outputs
                    + " outputs; use a size of at most " + outputs);
        }
        return (int) outputs;
    }

    private static long[] presentClasses(INDArray targets, int task) {
        long[] labels = targets.get(org.nd4j.linalg.indexing.NDArrayIndex.point(task)).castTo(DataType.INT64).dup().data().asLong();
        return Arrays.stream(labels).distinct().sorted().toArray();
    }

    /** Labels replaced by their positions in the task's sorted subset. */
    private static INDArray renumber(INDArray targets, long[][] subsets) {
        INDArray labels = targets.castTo(DataType.INT64).dup('c');
        long perTask = labels.length() / subsets.length;
        long[] flat = labels.data().asLong();
        for (int i = 0; i < flat.length; i++) {
            flat[i] = Arrays.binarySearch(subsets[(int) (i / perTask)], flat[i]);
        }
        return Nd4j.createFromArray(flat).reshape(labels.shape());
    }

    private static long[] range(int count) {
        long[] values = new long[count];
        for (int i = 0; i < count; i++) {
            values[i] = i;
        }
        return values;
    }

    private static long[] prepend(long first, long[] shape) {
        long[] out = new long[shape.length + 1];
        out[0] = first;
        System.arraycopy(shape, 0, out, 1, shape.length);
        return out;
    }

    @Override
    public String toString() {
        return switch (mode) {
            case SAMPLED_CLASSES -> "outputSubset(" + base + ", " + size + " sampled classes incl. the task's, seed " + seed + ")";
            case FIXED_CLASSES -> "outputSubset(" + base + ", classes " + Arrays.toString(fixedClasses) + ")";
            case SAMPLED_OUTPUTS -> "outputSubset(" + base + ", " + size + " sampled outputs, seed " + seed + ")";
        };
    }
}
