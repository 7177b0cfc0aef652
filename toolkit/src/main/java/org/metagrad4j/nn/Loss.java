package org.metagrad4j.nn;

import org.metagrad4j.autodiff.Tensor;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A task loss: the mean over a task's examples, one value per task.
 *
 * <p>For predictions {@code [n, ...]} the result is a rank-0 tensor; for {@code [T, n, ...]} it is
 * {@code [T]}, so callers choose the reduction over tasks (the inner loop sums, making each task's
 * gradient its own; the meta-objective averages).
 */
@FunctionalInterface
public interface Loss {

    /** Per-task mean loss of {@code predictions} against {@code targets}. */
    Tensor perTask(Tensor predictions, INDArray targets);

    /** Mean squared error, targets shaped like the predictions. */
    static Loss meanSquaredError() {
        return named("meanSquaredError", Losses::meanSquaredError);
    }

    /** Softmax cross-entropy of logits {@code [..., C]} against INT64 class indices {@code [...]}. */
    static Loss crossEntropy() {
        return named("crossEntropy", Losses::crossEntropy);
    }

    /** Squared error between logits and one-hot targets: a cheaper, softmax-free surrogate of cross-entropy. */
    static Loss squaredErrorOnLogits() {
        return named("squaredErrorOnLogits", Losses::squaredErrorOnLogits);
    }

    /** A loss that prints as {@code name}, so configurations show which loss ran. */
    static Loss named(String name, Loss loss) {
        return new Loss() {
            @Override
            public Tensor perTask(Tensor predictions, INDArray targets) {
                return loss.perTask(predictions, targets);
            }

            @Override
            public String toString() {
                return name;
            }
        };
    }
}
