package org.metagrad4j.nn;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import org.metagrad4j.autodiff.Tensor;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.rng.Random;

/**
 * The convolutional network of MAML's Omniglot experiments: blocks of [3×3 convolution with
 * stride 2 and padding 1 → transductive batch normalisation → ReLU], then the features are
 * flattened and a linear {@code head} maps them to class logits.
 *
 * <p>Parameters: {@code conv{i}.weight [filters, in, 3, 3]}, {@code conv{i}.bias [filters]},
 * {@code norm{i}.weight [filters]}, {@code norm{i}.bias [filters]} for block {@code i}, then
 * {@code head.weight [filters·h·w, classes]} and {@code head.bias [classes]}, where h×w is the
 * spatial size after the last block (2×2 for 28×28 Omniglot images and four blocks). Inputs are
 * {@code [n, C, H, W]} or {@code [T, n, C, H, W]}; outputs are logits {@code [n, classes]} or
 * {@code [T, n, classes]}. Every layer accepts per-task parameters ({@code [T, ...]}).
 *
 * <p>Reference: C. Finn, P. Abbeel, S. Levine, "Model-Agnostic Meta-Learning for Fast Adaptation
 * of Deep Networks", ICML 2017.
 *
 * @implNote The MAML reference code ({@code forward_conv} in maml.py of github.com/cbfinn/maml)
 * averages the last Omniglot feature map over space before the head. This network flattens it
 * instead, so the head receives {@code filters·h·w} features.
 */
public final class ConvNet implements Module {
    private final Config config;
    private final List<Conv2d> convolutions = new ArrayList<>();
    private final List<BatchNorm2d> normalizations = new ArrayList<>();
    private final Linear head;
    private final long featureHeight;
    private final long featureWidth;

    /**
     * Architecture of a {@link ConvNet}.
     *
     * @param inputChannels channels C of the input images, > 0
     * @param inputHeight   height H of the input images, > 0
     * @param inputWidth    width W of the input images, > 0
     * @param classes       outputs of the head (N for N-way classification), > 0
     * @param filters       output channels of every convolution, > 0
     * @param blocks        number of convolution blocks, > 0
     */
    public record Config(long inputChannels, long inputHeight, long inputWidth, long classes, long filters, int blocks) {

        public Config {
            if (inputChannels <= 0 || inputHeight <= 0 || inputWidth <= 0 || classes <= 0 || filters <= 0 || blocks <= 0) {
                throw new IllegalArgumentException("ConvNet.Config: every size must be > 0, got inputChannels=" + inputChannels
                        + ", inputHeight=" + inputHeight + ", inputWidth=" + inputWidth + ", classes=" + classes
                        + ", filters=" + filters + ", blocks=" + blocks);
            }
        }

        /** MAML's Omniglot network for {@code classes}-way tasks: 1×28×28 input, 4 blocks of 64 filters. */
        public static Config omniglot(long classes) {
            return new Config(1, 28, 28, classes, 64, 4);
        }

        /** Returns a copy with {@code filters} channels per convolution. */
        public Config withFilters(long filters) {
            return new Config(inputChannels, inputHeight, inputWidth, classes, filters, blocks);
        }

        /** Returns a copy for input images of {@code channels}×{@code height}×{@code width}. */
        public Config withInput(long channels, long height, long width) {
            return new Config(channels, height, width, classes, filters, blocks);
        }

        /** Returns a copy with {@code classes} outputs. */
        public Config withClasses(long classes) {
            return new Config(inputChannels, inputHeight, inputWidth, classes, filters, blocks);
        }

        /** Returns a copy with {@code blocks} convolution blocks. */
        public Config withBlocks(int blocks) {
            return new Config(inputChannels, inputHeight, inputWidth, classes, filters, blocks);
        }
    }

    private ConvNet(Config config) {
        this.config = config;
        long channels = config.inputChannels();
        long height = config.inputHeight();
        long width = config.inputWidth();
        for (int i = 0; i < config.blocks(); i++) {
            Conv2d conv = new Conv2d("conv" + i, channels, config.filters(), 3, 2, 1);
            convolutions.add(conv);
            normalizations.add(new BatchNorm2d("norm" + i, config.filters()));
            channels = config.filters();
            height = conv.outputSize(height);
            width = conv.outputSize(width);
        }
        this.featureHeight = height;
        this.featureWidth = width;
        this.head = new Linear("head", channels * height * width, config.classes());
    }

    /** Creates the network described by {@code config}. */
    public static ConvNet create(Config config) {
        return new ConvNet(config);
    }

    /** MAML's Omniglot network for {@code classes}-way tasks (1×28×28 input, 4 blocks of 64 filters). */
    public static ConvNet omniglot(long classes) {
        return new ConvNet(Config.omniglot(classes));
    }

    public Config config() {
        return config;
    }

    /** Number of features the head receives: filters · h · w after the last block. */
    public long featureCount() {
        return head.inputs();
    }

    /** Names of the head's parameters (the part ANIL adapts in the inner loop). */
    public List<String> headParameterNames() {
        return List.of(head.weightName(), head.biasName());
    }

    @Override
    public LinkedHashMap<String, long[]> parameterShapes() {
        LinkedHashMap<String, long[]> shapes = new LinkedHashMap<>();
        for (int i = 0; i < convolutions.size(); i++) {
            shapes.putAll(convolutions.get(i).parameterShapes());
            shapes.putAll(normalizations.get(i).parameterShapes());
        }
        shapes.putAll(head.parameterShapes());
        return shapes;
    }

    @Override
    public int exampleRank() {
        return 3;
    }

    @Override
    public Parameters initialize(DataType type, long seed) {
        Random rng = Initializers.generator(seed);
        Parameters all = Parameters.empty();
        for (int i = 0; i < convolutions.size(); i++) {
            all = all.merge(convolutions.get(i).initialize(type, rng));
            all = all.merge(normalizations.get(i).initialize(type, seed));
        }
        return all.merge(head.initialize(type, rng));
    }

    @Override
    public Tensor forward(Parameters parameters, Tensor input) {
        requireParameters(parameters);
        isBatchedInput(input);
        long[] s = input.shape();
        int last = s.length - 1;
        if (s[last - 2] != config.inputChannels() || s[last - 1] != config.inputHeight() || s[last] != config.inputWidth()) {
            throw new IllegalArgumentException("ConvNet: input images are " + s[last - 2] + "x" + s[last - 1] + "x" + s[last]
                    + " (shape " + java.util.Arrays.toString(s) + "), expected " + config.inputChannels() + "x"
                    + config.inputHeight() + "x" + config.inputWidth() + "; set them with Config.withInput");
        }
        Tensor x = input;
        for (int i = 0; i < convolutions.size(); i++) {
            x = convolutions.get(i).forward(parameters, x);
            x = normalizations.get(i).forward(parameters, x);
            x = x.relu();
        }
        // A per-task parameter anywhere makes x batched from that layer on.
        long[] features = x.shape();
        x = features.length == 5 ? x.reshape(features[0], features[1], -1) : x.reshape(features[0], -1);
        return head.forward(parameters, x);
    }

    @Override
    public String toString() {
        return "ConvNet[" + config.blocks() + " x (conv 3x3 stride 2 -> batch norm -> relu), " + config.filters()
                + " filters, input " + config.inputChannels() + "x" + config.inputHeight() + "x" + config.inputWidth()
                + ", features " + featureCount() + " (" + config.filters() + "x" + featureHeight + "x" + featureWidth
                + "), head -> " + config.classes() + "]";
    }
}
