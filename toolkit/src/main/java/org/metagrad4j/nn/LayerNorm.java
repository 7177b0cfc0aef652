package org.metagrad4j.nn;

import java.util.Arrays;
import java.util.LinkedHashMap;
import org.metagrad4j.autodiff.Tensor;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Layer normalisation over the last axis: each feature vector {@code x ∈ R^d} becomes
 * {@code (x − μ) / √(σ² + ε) · weight + bias}, with μ and the biased variance σ² taken over its
 * {@code d} entries, scale {@code <prefix>.weight: [d]} and shift {@code <prefix>.bias: [d]}.
 *
 * <p>Inputs have {@code exampleRank} axes per example ending in {@code d} (1 for {@code [n, d]},
 * 2 for token sequences {@code [n, seq, d]}), optionally after a task axis. Scale and shift may
 * carry a task dimension ({@code [T, d]}). Built from tensor primitives, so it differentiates to
 * any order.
 */
public final class LayerNorm implements Module {
    /** The default ε added to the variance, as in PyTorch's LayerNorm. */
    public static final double DEFAULT_EPSILON = 1e-5;

    private final String prefix;
    private final long features;
    private final int exampleRank;
    private final double epsilon;

    /**
     * Creates a layer normalisation.
     *
     * @param prefix      name prefix of the scale ({@code .weight}) and shift ({@code .bias})
     * @param features    size d of the normalised last axis, > 0
     * @param exampleRank axes per example, >= 1 (the last one is normalised)
     * @param epsilon     ε added to the variance, > 0
     */
    public LayerNorm(String prefix, long features, int exampleRank, double epsilon) {
        if (features <= 0 || exampleRank < 1) {
            throw new IllegalArgumentException("LayerNorm '" + prefix + "': features must be > 0 and exampleRank >= 1, got features="
                    + features + ", exampleRank=" + exampleRank);
        }
        this.prefix = prefix;
        this.features = features;
        this.exampleRank = exampleRank;
        this.epsilon = Normalization.requireEpsilon("LayerNorm '" + prefix + "'", epsilon);
    }

    /** Creates a layer normalisation of feature vectors {@code [n, d]} with ε = {@value #DEFAULT_EPSILON}. */
    public LayerNorm(String prefix, long features) {
        this(prefix, features, 1, DEFAULT_EPSILON);
    }

    public String weightName() {
        return prefix + ".weight";
    }

    public String biasName() {
        return prefix + ".bias";
    }

    public long features() {
        return features;
    }

    public double epsilon() {
        return epsilon;
    }

    @Override
    public LinkedHashMap<String, long[]> parameterShapes() {
        LinkedHashMap<String, long[]> shapes = new LinkedHashMap<>();
        shapes.put(weightName(), new long[] {features});
        shapes.put(biasName(), new long[] {features});
        return shapes;
    }

    @Override
    public int exampleRank() {
        return exampleRank;
    }

    /** Scale ones and shift zeros; the seed is unused because the initialisation is deterministic. */
    @Override
    public Parameters initialize(DataType type, long seed) {
        LinkedHashMap<String, Tensor> map = new LinkedHashMap<>();
        map.put(weightName(), Tensor.constant(Nd4j.ones(type, features)));
        map.put(biasName(), Tensor.constant(Nd4j.zeros(type, features)));
        return Parameters.ofTensors(map);
    }

    @Override
    public Tensor forward(Parameters parameters, Tensor input) {
        requireParameters(parameters);
        boolean batchedInput = isBatchedInput(input);
        return apply(parameters, input, batchedInput ? input.size(0) : 0);
    }

    /**
     * Normalises the last axis of {@code input} of any rank; a per-task scale or shift {@code [T, d]}
     * is aligned with a leading task axis of the result.
     *
     * @param tasks task count of the input's leading axis, 0 when the input has none
     */
    Tensor apply(Parameters parameters, Tensor input, long tasks) {
        if (input.size(-1) != features) {
            throw new IllegalArgumentException("LayerNorm '" + prefix + "': input has " + input.size(-1) + " features (shape "
                    + Arrays.toString(input.shape()) + "), expected " + features);
        }
        Tensor weight = parameters.get(weightName());
        Tensor bias = parameters.get(biasName());
        long taskCount = TaskDimension.count("LayerNorm '" + prefix + "'",
                new String[] {"input", weightName(), biasName()},
                tasks, weight.rank() == 2 ? weight.size(0) : 0, bias.rank() == 2 ? bias.size(0) : 0);
        int rank = tasks > 0 ? input.rank() : input.rank() + (taskCount > 0 ? 1 : 0);
        Tensor normalized = Normalization.standardize(input, epsilon, -1);
        return normalized.mul(alignTask(weight, rank)).add(alignTask(bias, rank));
    }

    /** [T, d] → [T, 1, ..., 1, d] of the given rank, so task t's row meets task t's slice; [d] broadcasts as is. */
    private Tensor alignTask(Tensor parameter, int rank) {
        if (parameter.rank() == 1) {
            return parameter;
        }
        long[] shape = new long[rank];
        Arrays.fill(shape, 1);
        shape[0] = parameter.size(0);
        shape[rank - 1] = features;
        return parameter.reshape(shape);
    }

    @Override
    public String toString() {
        return "LayerNorm[" + prefix + ": " + features + " features, epsilon " + epsilon + "]";
    }
}
