package org.metagrad4j.autodiff;

import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/** Reductions (sum, mean, log-sum-exp) and log-softmax with their backward rules. */
final class ReduceOps {
    private ReduceOps() {
    }

    static Tensor sum(Tensor a, boolean keepDims, int... axes) {
        long[] inShape = a.shape();
        int[] normalized = normalizeAxes("sum", inShape, axes);
        if (normalized.length == 0) {
            return a;
        }
        INDArray out = a.value().sum(keepDims, normalized);
        long[] keptShape = keptShape(inShape, normalized);
        // The adjoint of a sum is a broadcast of the gradient back over the summed axes.
        return Tensor.record("sum", out, new Tensor[] {a}, null,
                (g, needed) -> new Tensor[] {g.reshape(keptShape).broadcastTo(inShape)});
    }

    static Tensor mean(Tensor a, boolean keepDims, int... axes) {
        long[] inShape = a.shape();
        int[] normalized = normalizeAxes("mean", inShape, axes);
        long count = 1;
        for (int axis : normalized) {
            count *= inShape[axis];
        }
        return sum(a, keepDims, normalized).mul(1.0 / count);
    }

    static Tensor logSumExp(Tensor a, int axis, boolean keepDims) {
        long[] inShape = a.shape();
        int ax = normalizeAxes("logSumExp", inShape, axis)[0];
        INDArray x = a.value();
        INDArray max = x.max(true, ax);
        INDArray kept = Transforms.log(Transforms.exp(x.sub(max), false).sum(true, ax), false).addi(max);
        INDArray out = keepDims ? kept : kept.reshape(reducedShape(inShape, ax));
        long[] keptShape = kept.shape();
        Tensor[] self = new Tensor[1];
        // d lse(x) = softmax(x) dx with softmax(x) = exp(x − lse(x)), written with the output tensor.
        self[0] = Tensor.record("logSumExp", out, new Tensor[] {a}, new INDArray[] {x, out},
                (g, needed) -> {
                    Tensor lse = self[0].reshape(keptShape);
                    Tensor softmax = a.sub(lse).exp();
                    return new Tensor[] {g.reshape(keptShape).mul(softmax)};
                });
        return self[0];
    }

    static Tensor logSoftmax(Tensor a, int axis) {
        long[] inShape = a.shape();
        int ax = normalizeAxes("logSoftmax", inShape, axis)[0];
        INDArray x = a.value();
        INDArray max = x.max(true, ax);
        INDArray shifted = x.sub(max);
        INDArray out = shifted.subi(Transforms.log(Transforms.exp(shifted, true).sum(true, ax), false));
        Tensor[] self = new Tensor[1];
        // y = x − lse(x): dx = g − softmax · Σ g, with softmax = exp(y) from the output tensor.
        self[0] = Tensor.record("logSoftmax", out, new Tensor[] {a}, new INDArray[] {out},
                (g, needed) -> new Tensor[] {g.sub(self[0].exp().mul(g.sum(true, ax)))});
        return self[0];
    }

    static int[] normalizeAxes(String operation, long[] shape, int... axes) {
        int[] out = new int[axes.length];
        for (int i = 0; i < axes.length; i++) {
            int axis = axes[i] < 0 ? axes[i] + shape.length : axes[i];
            if (axis < 0 || axis >= shape.length) {
                throw new IllegalArgumentException(operation + ": axis " + axes[i] + " is out of range for shape "
                        + Arrays.toString(shape));
            }
            out[i] = axis;
        }
        Arrays.sort(out);
        for (int i = 1; i < out.length; i++) {
            if (out[i] == out[i - 1]) {
                throw new IllegalArgumentException(operation + ": axis " + out[i] + " given twice");
            }
        }
        return out;
    }

    static long[] keptShape(long[] shape, int[] axes) {
        long[] kept = shape.clone();
        for (int axis : axes) {
            kept[axis] = 1;
        }
        return kept;
    }

    private static long[] reducedShape(long[] shape, int axis) {
        long[] out = new long[shape.length - 1];
        for (int i = 0, j = 0; i < shape.length; i++) {
            if (i != axis) {
                out[j++] = shape[i];
            }
        }
        return out;
    }
}
