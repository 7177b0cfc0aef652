package org.metagrad4j.nn;

import java.util.Arrays;
import org.metagrad4j.autodiff.Tensor;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Loss functions and metrics over predictions with an optional leading task dimension. */
public final class Losses {
    private Losses() {
    }

    /**
     * Mean of {@code (prediction − target)²} per task. Predictions are {@code [n, d]} for one task
     * and {@code [T, n, d]} for a meta-batch: rank 3 or more is read as batched.
     */
    public static Tensor meanSquaredError(Tensor predictions, INDArray targets) {
        if (!Arrays.equals(predictions.shape(), targets.shape())) {
            throw new IllegalArgumentException("meanSquaredError: predictions " + Arrays.toString(predictions.shape())
                    + " and targets " + Arrays.toString(targets.shape()) + " differ in shape");
        }
        Tensor squared = predictions.sub(Tensor.constant(targets.castTo(predictions.dataType()))).square();
        return meanOverExamples(squared, predictions.rank() >= 3);
    }

    /** Softmax cross-entropy, computed as −mean Σ onehot·logSoftmax(logits); see {@link Loss}. */
    public static Tensor crossEntropy(Tensor logits, INDArray labels) {
        Tensor oneHot = Tensor.constant(oneHot(labels, logits));
        Tensor nll = logits.logSoftmax(-1).mul(oneHot).sum(false, -1).neg();
        return nll.mean(false, nll.rank() - 1);
    }

    /** Mean squared error between logits and one-hot labels, averaged over classes and examples. */
    public static Tensor squaredErrorOnLogits(Tensor logits, INDArray labels) {
        Tensor oneHot = Tensor.constant(oneHot(labels, logits));
        Tensor perExample = logits.sub(oneHot).square().mean(false, -1);
        return perExample.mean(false, perExample.rank() - 1);
    }

    /** Fraction of examples whose largest logit is the label: {@code [T]} for batched logits, a scalar otherwise. */
    public static INDArray accuracy(INDArray logits, INDArray labels) {
        INDArray predicted = logits.argMax(logits.rank() - 1).castTo(DataType.INT64);
        INDArray correct = predicted.eq(labels.castTo(DataType.INT64).reshape(predicted.shape())).castTo(DataType.DOUBLE);
        return correct.mean(correct.rank() - 1);
    }

    /** One-hot encoding of INT64 labels {@code [...]} for logits {@code [..., C]}, in the logits' data type. */
    public static INDArray oneHot(INDArray labels, Tensor logits) {
        long[] ls = logits.shape();
        long classes = ls[ls.length - 1];
        long[] expected = Arrays.copyOf(ls, ls.length - 1);
        if (!Arrays.equals(labels.shape(), expected)) {
            throw new IllegalArgumentException("crossEntropy: labels of shape " + Arrays.toString(labels.shape())
                    + " do not match logits " + Arrays.toString(ls) + " (expected labels " + Arrays.toString(expected) + ")");
        }
        long[] flatLabels = labels.castTo(DataType.INT64).reshape(labels.length()).toLongVector();
        INDArray out = Nd4j.zeros(logits.dataType(), flatLabels.length, classes);
        for (int i = 0; i < flatLabels.length; i++) {
            long c = flatLabels[i];
            if (c < 0 || c >= classes) {
                throw new IllegalArgumentException("crossEntropy: label " + c + " at position " + i + " is outside [0, " + classes + ")");
            }
            out.putScalar(i, c, 1.0);
        }
        return out.reshape(ls);
    }

    private static Tensor meanOverExamples(Tensor perElement, boolean batched) {
        int rank = perElement.rank();
        int first = batched ? 1 : 0;
        int[] axes = new int[rank - first];
        for (int i = first; i < rank; i++) {
            axes[i - first] = i;
        }
        return perElement.mean(false, axes);
    }
}
