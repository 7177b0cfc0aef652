package org.metagrad4j.nn;

import java.util.LinkedHashMap;
import org.metagrad4j.autodiff.Tensor;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.rng.Random;

/**
 * An affine layer {@code y = x·W + b} with {@code W: [in, out]} and {@code b: [out]}, parameters
 * named {@code <prefix>.weight} and {@code <prefix>.bias}.
 */
public final class Linear implements Module {
    private final String prefix;
    private final long inputs;
    private final long outputs;

    /**
     * @param prefix  name prefix of the two parameters
     * @param inputs  input features, > 0
     * @param outputs output features, > 0
     */
    public Linear(String prefix, long inputs, long outputs) {
        if (inputs <= 0 || outputs <= 0) {
            throw new IllegalArgumentException("Linear '" + prefix + "': sizes must be > 0, got inputs=" + inputs + ", outputs=" + outputs);
        }
        this.prefix = prefix;
        this.inputs = inputs;
        this.outputs = outputs;
    }

    public String weightName() {
        return prefix + ".weight";
    }

    public String biasName() {
        return prefix + ".bias";
    }

    public long inputs() {
        return inputs;
    }

    public long outputs() {
        return outputs;
    }

    @Override
    public LinkedHashMap<String, long[]> parameterShapes() {
        LinkedHashMap<String, long[]> shapes = new LinkedHashMap<>();
        shapes.put(weightName(), new long[] {inputs, outputs});
        shapes.put(biasName(), new long[] {outputs});
        return shapes;
    }

    @Override
    public int exampleRank() {
        return 1;
    }

    @Override
    public Parameters initialize(DataType type, long seed) {
        return initialize(type, Initializers.generator(seed));
    }

    Parameters initialize(DataType type, Random rng) {
        LinkedHashMap<String, Tensor> map = new LinkedHashMap<>();
        double bound = 1.0 / Math.sqrt(inputs);
        // U(±1/√in) for weight and bias, PyTorch's default for linear layers, the setting of MAML's sinusoid runs.
        map.put(weightName(), Tensor.constant(Initializers.uniform(rng, type, bound, inputs, outputs)));
        map.put(biasName(), Tensor.constant(Initializers.uniform(rng, type, bound, outputs)));
        return Parameters.ofTensors(map);
    }

    @Override
    public Tensor forward(Parameters parameters, Tensor input) {
        Tensor w = parameters.get(weightName());
        Tensor b = parameters.get(biasName());
        if (input.size(-1) != inputs) {
            throw new IllegalArgumentException("Linear '" + prefix + "': input has " + input.size(-1) + " features (shape "
                    + java.util.Arrays.toString(input.shape()) + "), expected " + inputs);
        }
        Tensor y = input.matmul(w);
        if (b.rank() == 2) {
            // Per-task bias [T, out] broadcast over the examples of each task.
            b = b.reshape(b.size(0), 1, outputs);
        }
        return y.add(b);
    }

    @Override
    public String toString() {
        return "Linear[" + prefix + ": " + inputs + " -> " + outputs + "]";
    }
}
