package org.metagrad4j.libtorch;

import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

/**
 * The toolkit's {@link org.metagrad4j.nn.Mlp} as a pure function of libtorch tensors: layers
 * {@code y = x·W + b} with ReLU between them and none after the head. Parameters are ordered
 * {@code [W_0, b_0, W_1, b_1, ..., W_head, b_head]}, the order of the toolkit's parameter names,
 * with {@code W} shaped {@code [in, out]}.
 */
public final class TorchMlp {
    private final int layers;

    /**
     * @param layers the number of linear layers, head included (3 for 1-40-40-1)
     */
    public TorchMlp(int layers) {
        if (layers < 1) {
            throw new IllegalArgumentException("an MLP needs at least one layer, got " + layers);
        }
        this.layers = layers;
    }

    /** Returns the number of parameter tensors, two per layer. */
    public int parameterCount() {
        return 2 * layers;
    }

    /**
     * Evaluates one task: inputs {@code [n, in]}, parameters without a task dimension.
     *
     * @return outputs {@code [n, out]}
     */
    public Tensor forward(Tensor[] parameters, Tensor inputs) {
        Tensor x = inputs;
        for (int i = 0; i < layers; i++) {
            x = x.matmul(parameters[2 * i]).add(parameters[2 * i + 1]);
            if (i + 1 < layers) {
                x = x.relu();
            }
        }
        return x;
    }

    /**
     * Evaluates a meta-batch with per-task parameters ({@code W [T, in, out]}, {@code b [T, out]})
     * and inputs {@code [T, n, in]} by batched matrix products, as functorch's vmap does.
     *
     * @return outputs {@code [T, n, out]}
     */
    public Tensor forwardBatched(Tensor[] parameters, Tensor inputs) {
        Tensor x = inputs;
        for (int i = 0; i < layers; i++) {
            x = torch.bmm(x, parameters[2 * i]).add(parameters[2 * i + 1].unsqueeze(1));
            if (i + 1 < layers) {
                x = x.relu();
            }
        }
        return x;
    }

    @Override
    public String toString() {
        return "TorchMlp[layers=" + layers + "]";
    }
}
