package org.metagrad4j.libtorch;

import org.bytedeco.pytorch.Tensor;

/**
 * Per-task losses matching the toolkit's {@link org.metagrad4j.nn.Loss}: the mean over a task's
 * examples. Classification targets are one-hot rows in the logits' data type.
 */
public enum TorchLoss {
    /** Mean squared error over examples and output dimensions. */
    MEAN_SQUARED_ERROR,
    /** Softmax cross-entropy, −mean over examples of Σ onehot · logSoftmax(logits). */
    CROSS_ENTROPY;

    /**
     * Computes one task's loss from outputs {@code [n, d]} and targets of the same shape.
     *
     * @return a scalar tensor
     */
    public Tensor of(Tensor outputs, Tensor targets) {
        return switch (this) {
            case MEAN_SQUARED_ERROR -> outputs.sub(targets).square().mean();
            case CROSS_ENTROPY -> outputs.log_softmax(-1).mul(targets).sum(-1).neg().mean();
        };
    }

    /**
     * Computes every task's loss from outputs {@code [T, n, d]} and targets of the same shape.
     *
     * @return a tensor {@code [T]}
     */
    public Tensor perTask(Tensor outputs, Tensor targets) {
        return switch (this) {
            case MEAN_SQUARED_ERROR -> outputs.sub(targets).square().mean(1, 2);
            case CROSS_ENTROPY -> outputs.log_softmax(-1).mul(targets).sum(-1).neg().mean(1);
        };
    }
}
