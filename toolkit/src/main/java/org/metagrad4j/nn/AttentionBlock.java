package org.metagrad4j.nn;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.metagrad4j.autodiff.Tensor;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.rng.Random;

/**
 * A small transformer encoder block with a prediction head: the "foundation model"-shaped example
 * network of the toolkit.
 *
 * <p>For tokens {@code x: [n, seq, d]} (or {@code [T, n, seq, d]}) it computes, per example,
 * <pre>
 *   a = softmax(Q Kᵀ / √d) V · W_o + b_o     with Q = x W_q + b_q, K = x W_k + b_k, V = x W_v + b_v
 *   x = LayerNorm_attention(x + a)
 *   x = LayerNorm_mlp(x + act(x W_1 + b_1) W_2 + b_2)
 *   y = mean over seq of x, then · W_head + b_head
 * </pre>
 * (single-head attention, post-norm residual blocks as in Vaswani et al., "Attention Is All You
 * Need", NeurIPS 2017). Outputs are {@code [n, outputs]} or {@code [T, n, outputs]}.
 *
 * <p>Parameters, in order: {@code attention.query}, {@code attention.key}, {@code attention.value},
 * {@code attention.output} ({@code .weight [d, d]}, {@code .bias [d]}), {@code attention.norm}
 * ({@code .weight [d]}, {@code .bias [d]}), {@code mlp.hidden} ({@code [d, h]}, {@code [h]}),
 * {@code mlp.output} ({@code [h, d]}, {@code [d]}), {@code mlp.norm} ({@code [d]}, {@code [d]}),
 * {@code head} ({@code [d, outputs]}, {@code [outputs]}). Projections are named so that a
 * low-rank adapter can select them by name. Every parameter may carry a task dimension.
 *
 * <p>Only rank-2 and rank-3 matrix products are used: the task and example axes are folded into
 * one batch axis for the attention products.
 */
public final class AttentionBlock implements Module {
    private final Config config;
    private final Linear query;
    private final Linear key;
    private final Linear value;
    private final Linear output;
    private final LayerNorm attentionNorm;
    private final Linear mlpHidden;
    private final Linear mlpOutput;
    private final LayerNorm mlpNorm;
    private final Linear head;

    /**
     * Architecture of an {@link AttentionBlock}.
     *
     * @param modelWidth token width d, > 0
     * @param mlpWidth   hidden width h of the MLP, > 0
     * @param outputs    outputs of the head, > 0
     * @param activation activation of the MLP's hidden layer
     */
    public record Config(long modelWidth, long mlpWidth, long outputs, Activation activation) {

        public Config {
            if (modelWidth <= 0 || mlpWidth <= 0 || outputs <= 0) {
                throw new IllegalArgumentException("AttentionBlock.Config: sizes must be > 0, got modelWidth=" + modelWidth
                        + ", mlpWidth=" + mlpWidth + ", outputs=" + outputs);
            }
            if (activation == null) {
                throw new IllegalArgumentException("AttentionBlock.Config: activation is missing; pass e.g. Activation.TANH");
            }
        }

        /**
         * Returns a block of width {@code modelWidth} with an MLP of width {@code mlpWidth} and tanh
         * activation. Tanh is smooth, so second derivatives through the MLP do not vanish as they do for ReLU.
         */
        public static Config of(long modelWidth, long mlpWidth, long outputs) {
            return new Config(modelWidth, mlpWidth, outputs, Activation.TANH);
        }

        /** Returns a copy with another MLP activation. */
        public Config withActivation(Activation activation) {
            return new Config(modelWidth, mlpWidth, outputs, activation);
        }
    }

    private AttentionBlock(Config config) {
        this.config = config;
        long d = config.modelWidth();
        this.query = new Linear("attention.query", d, d);
        this.key = new Linear("attention.key", d, d);
        this.value = new Linear("attention.value", d, d);
        this.output = new Linear("attention.output", d, d);
        this.attentionNorm = new LayerNorm("attention.norm", d, 2, LayerNorm.DEFAULT_EPSILON);
        this.mlpHidden = new Linear("mlp.hidden", d, config.mlpWidth());
        this.mlpOutput = new Linear("mlp.output", config.mlpWidth(), d);
        this.mlpNorm = new LayerNorm("mlp.norm", d, 2, LayerNorm.DEFAULT_EPSILON);
        this.head = new Linear("head", d, config.outputs());
    }

    /** Creates the block described by {@code config}. */
    public static AttentionBlock create(Config config) {
        return new AttentionBlock(config);
    }

    public Config config() {
        return config;
    }

    /** Names of the head's parameters (the part ANIL adapts in the inner loop). */
    public List<String> headParameterNames() {
        return List.of(head.weightName(), head.biasName());
    }

    /** Names of the four attention projection weights {@code [d, d]}. */
    public List<String> attentionWeightNames() {
        return List.of(query.weightName(), key.weightName(), value.weightName(), output.weightName());
    }

    @Override
    public LinkedHashMap<String, long[]> parameterShapes() {
        LinkedHashMap<String, long[]> shapes = new LinkedHashMap<>();
        for (Module layer : layers()) {
            shapes.putAll(layer.parameterShapes());
        }
        return shapes;
    }

    @Override
    public int exampleRank() {
        return 2;
    }

    /** Seeded Kaiming-uniform projection weights (see {@link Linear}); norms start at scale 1, shift 0. */
    @Override
    public Parameters initialize(DataType type, long seed) {
        Random rng = Initializers.generator(seed);
        Parameters all = Parameters.empty();
        for (Module layer : layers()) {
            all = all.merge(layer instanceof Linear linear ? linear.initialize(type, rng) : layer.initialize(type, seed));
        }
        return all;
    }

    @Override
    public Tensor forward(Parameters parameters, Tensor input) {
        requireParameters(parameters);
        boolean batchedInput = isBatchedInput(input);
        long[] s = input.shape();
        long d = config.modelWidth();
        long examples = batchedInput ? s[1] : s[0];
        long sequence = batchedInput ? s[2] : s[1];
        if (s[s.length - 1] != d) {
            throw new IllegalArgumentException("AttentionBlock: tokens have width " + s[s.length - 1] + " (shape "
                    + Arrays.toString(s) + "), expected modelWidth " + d);
        }
        long tasks = taskCount(parameters, batchedInput ? s[0] : 0);

        // Tokens as [T, n·seq, d] (or [n·seq, d] without a task axis): the projections are then rank-2 or rank-3 products.
        Tensor x;
        if (batchedInput) {
            x = input.reshape(tasks, examples * sequence, d);
        } else if (tasks > 0) {
            x = input.reshape(1, examples * sequence, d).broadcastTo(tasks, examples * sequence, d);
        } else {
            x = input.reshape(examples * sequence, d);
        }

        Tensor attended = attend(parameters, x, examples, sequence);
        x = attentionNorm.apply(parameters, x.add(attended), tasks);
        Tensor hidden = config.activation().apply(mlpHidden.forward(parameters, x));
        x = mlpNorm.apply(parameters, x.add(mlpOutput.forward(parameters, hidden)), tasks);

        Tensor pooled = tasks > 0
                ? x.reshape(tasks, examples, sequence, d).mean(false, 2)
                : x.reshape(examples, sequence, d).mean(false, 1);
        return head.forward(parameters, pooled);
    }

    /** Single-head scaled dot-product self-attention over the tokens of each example, output projection included. */
    private Tensor attend(Parameters parameters, Tensor tokens, long examples, long sequence) {
        long d = config.modelWidth();
        long[] tokenShape = tokens.shape();
        long batch = tokens.rank() == 3 ? tokenShape[0] * examples : examples;
        Tensor q = query.forward(parameters, tokens).reshape(batch, sequence, d);
        Tensor k = key.forward(parameters, tokens).reshape(batch, sequence, d);
        Tensor v = value.forward(parameters, tokens).reshape(batch, sequence, d);
        Tensor scores = q.matmul(k, false, true).mul(1.0 / Math.sqrt(d));
        // softmax over the keys as exp(logSoftmax), which is stable and differentiates to any order.
        Tensor weights = scores.logSoftmax(-1).exp();
        Tensor context = weights.matmul(v).reshape(tokenShape);
        return output.forward(parameters, context);
    }

    private long taskCount(Parameters parameters, long inputTasks) {
        LinkedHashMap<String, long[]> shapes = parameterShapes();
        String[] names = new String[shapes.size() + 1];
        long[] counts = new long[shapes.size() + 1];
        names[0] = "input";
        counts[0] = inputTasks;
        int i = 1;
        for (Map.Entry<String, long[]> e : shapes.entrySet()) {
            Tensor t = parameters.get(e.getKey());
            names[i] = e.getKey();
            counts[i] = t.rank() == e.getValue().length + 1 ? t.size(0) : 0;
            i++;
        }
        return TaskDimension.count("AttentionBlock", names, counts);
    }

    private List<Module> layers() {
        return List.of(query, key, value, output, attentionNorm, mlpHidden, mlpOutput, mlpNorm, head);
    }

    @Override
    public String toString() {
        return "AttentionBlock[width " + config.modelWidth() + ", 1 head, mlp " + config.mlpWidth() + " "
                + config.activation() + ", post-norm, mean pool, head -> " + config.outputs() + "]";
    }
}
