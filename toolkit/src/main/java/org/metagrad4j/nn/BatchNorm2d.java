package org.metagrad4j.nn;

import java.util.Arrays;
import java.util.LinkedHashMap;
import org.metagrad4j.autodiff.Tensor;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Batch normalisation of images in transductive mode: every call standardises each channel with
 * the mean and variance of the batch it is given, separately per task, then applies a learnable
 * scale {@code <prefix>.weight: [C]} and shift {@code <prefix>.bias: [C]}.
 *
 * <p>For an input {@code [n, C, H, W]} the statistics are taken over {@code (n, H, W)}; for
 * {@code [T, n, C, H, W]} over {@code (n, H, W)} of each task, so tasks never share statistics and
 * the batched result equals the per-task loop. There are no running averages: as in MAML's
 * Omniglot and miniImageNet networks, query batches are normalised with their own statistics.
 * Scale and shift may carry a task dimension ({@code [T, C]}).
 *
 * <p>y = (x − μ) / √(σ² + ε) · weight + bias, with σ² the biased variance and ε = {@code epsilon}.
 * Built from tensor primitives, so it differentiates to any order.
 */
public final class BatchNorm2d implements Module {
    /** The default ε added to the variance, as in PyTorch's BatchNorm2d. */
    public static final double DEFAULT_EPSILON = 1e-5;

    private final String prefix;
    private final long channels;
    private final double epsilon;

    /** Creates a batch normalisation over {@code channels} channels with ε = {@value #DEFAULT_EPSILON}. */
    public BatchNorm2d(String prefix, long channels) {
        this(prefix, channels, DEFAULT_EPSILON);
    }

    /**
     * Creates a batch normalisation.
     *
     * @param prefix   name prefix of the scale ({@code .weight}) and shift ({@code .bias})
     * @param channels channels C, > 0
     * @param epsilon  ε added to the variance, > 0
     */
    public BatchNorm2d(String prefix, long channels, double epsilon) {
        if (channels <= 0) {
            throw new IllegalArgumentException("BatchNorm2d '" + prefix + "': channels must be > 0, got " + channels);
        }
        this.prefix = prefix;
        this.channels = channels;
        this.epsilon = Normalization.requireEpsilon("BatchNorm2d '" + prefix + "'", epsilon);
    }

    public String weightName() {
        return prefix + ".weight";
    }

    public String biasName() {
        return prefix + ".bias";
    }

    public long channels() {
        return channels;
    }

    public double epsilon() {
        return epsilon;
    }

    @Override
    public LinkedHashMap<String, long[]> parameterShapes() {
        LinkedHashMap<String, long[]> shapes = new LinkedHashMap<>();
        shapes.put(weightName(), new long[] {channels});
        shapes.put(biasName(), new long[] {channels});
        return shapes;
    }

    @Override
    public int exampleRank() {
        return 3;
    }

    /** Scale ones and shift zeros; the seed is unused because the initialisation is deterministic. */
    @Override
    public Parameters initialize(DataType type, long seed) {
        LinkedHashMap<String, Tensor> map = new LinkedHashMap<>();
        map.put(weightName(), Tensor.constant(Nd4j.ones(type, channels)));
        map.put(biasName(), Tensor.constant(Nd4j.zeros(type, channels)));
        return Parameters.ofTensors(map);
    }

    @Override
    public Tensor forward(Parameters parameters, Tensor input) {
        requireParameters(parameters);
        boolean batchedInput = isBatchedInput(input);
        long[] s = input.shape();
        int channelAxis = batchedInput ? 2 : 1;
        if (s[channelAxis] != channels) {
            throw new IllegalArgumentException("BatchNorm2d '" + prefix + "': input has " + s[channelAxis]
                    + " channels (shape " + Arrays.toString(s) + "), expected " + channels);
        }
        Tensor weight = parameters.get(weightName());
        Tensor bias = parameters.get(biasName());
        long tasks = TaskDimension.count("BatchNorm2d '" + prefix + "'",
                new String[] {"input", weightName(), biasName()},
                batchedInput ? s[0] : 0, weight.rank() == 2 ? weight.size(0) : 0, bias.rank() == 2 ? bias.size(0) : 0);

        Tensor normalized = batchedInput
                ? Normalization.standardize(input, epsilon, 1, 3, 4)
                : Normalization.standardize(input, epsilon, 0, 2, 3);
        return normalized.mul(perChannel(weight, tasks)).add(perChannel(bias, tasks));
    }

    /** [C] → [C, 1, 1] and [T, C] → [T, 1, C, 1, 1], which broadcast against [n, C, H, W] and [T, n, C, H, W]. */
    private Tensor perChannel(Tensor parameter, long tasks) {
        return parameter.rank() == 2
                ? parameter.reshape(tasks, 1, channels, 1, 1)
                : parameter.reshape(channels, 1, 1);
    }

    @Override
    public String toString() {
        return "BatchNorm2d[" + prefix + ": " + channels + " channels, transductive, epsilon " + epsilon + "]";
    }
}
