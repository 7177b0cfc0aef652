package org.metagrad4j.nn;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import org.metagrad4j.autodiff.Tensor;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.rng.Random;

/**
 * A multilayer perceptron: hidden layers {@code hidden0, hidden1, ...} with an activation, then a
 * linear {@code head}. Inputs of higher example rank (images) are flattened first.
 */
public final class Mlp implements Module {
    private final long[] sizes;
    private final Activation activation;
    private final int exampleRank;
    private final List<Linear> layers = new ArrayList<>();

    private Mlp(long[] sizes, Activation activation, int exampleRank) {
        if (sizes.length < 2) {
            throw new IllegalArgumentException("Mlp: needs at least input and output sizes, got " + Arrays.toString(sizes));
        }
        this.sizes = sizes.clone();
        this.activation = activation;
        this.exampleRank = exampleRank;
        for (int i = 0; i + 1 < sizes.length; i++) {
            String name = i + 2 == sizes.length ? "head" : "hidden" + i;
            layers.add(new Linear(name, sizes[i], sizes[i + 1]));
        }
    }

    /** An MLP with layer sizes {@code sizes[0] → ... → sizes[last]}, e.g. {@code of(Activation.RELU, 1, 40, 40, 1)}. */
    public static Mlp of(Activation activation, long... sizes) {
        return new Mlp(sizes, activation, 1);
    }

    /** A copy that flattens inputs of {@code rank} axes per example (e.g. 3 for [C, H, W] images). */
    public Mlp withExampleRank(int rank) {
        if (rank < 1) {
            throw new IllegalArgumentException("example rank must be >= 1, got " + rank);
        }
        return new Mlp(sizes, activation, rank);
    }

    /** Names of the output layer's parameters (the head, as adapted by ANIL). */
    public List<String> headParameterNames() {
        Linear head = layers.get(layers.size() - 1);
        return List.of(head.weightName(), head.biasName());
    }

    public long[] sizes() {
        return sizes.clone();
    }

    public Activation activation() {
        return activation;
    }

    @Override
    public LinkedHashMap<String, long[]> parameterShapes() {
        LinkedHashMap<String, long[]> shapes = new LinkedHashMap<>();
        for (Linear layer : layers) {
            shapes.putAll(layer.parameterShapes());
        }
        return shapes;
    }

    @Override
    public int exampleRank() {
        return exampleRank;
    }

    @Override
    public Parameters initialize(DataType type, long seed) {
        Random rng = Initializers.generator(seed);
        Parameters all = Parameters.empty();
        for (Linear layer : layers) {
            all = all.merge(layer.initialize(type, rng));
        }
        return all;
    }

    @Override
    public Tensor forward(Parameters parameters, Tensor input) {
        boolean batched = isBatchedInput(input);
        Tensor x = input;
        if (exampleRank > 1) {
            long[] s = input.shape();
            x = batched ? x.reshape(s[0], s[1], -1) : x.reshape(s[0], -1);
        }
        for (int i = 0; i < layers.size(); i++) {
            x = layers.get(i).forward(parameters, x);
            if (i + 1 < layers.size()) {
                x = activation.apply(x);
            }
        }
        return x;
    }

    @Override
    public String toString() {
        return "Mlp" + Arrays.toString(sizes) + " " + activation + (exampleRank > 1 ? ", example rank " + exampleRank : "");
    }
}
