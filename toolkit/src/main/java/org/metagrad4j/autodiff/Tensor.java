package org.metagrad4j.autodiff;

import java.util.Arrays;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * An ND4J array together with its place in a {@link Tape}'s graph.
 *
 * <p>A tensor is immutable. Operations return new tensors; when an operand is recorded on a
 * recording tape, so is the result. A tensor with no tape is a constant. Binary element-wise
 * operations broadcast as NumPy does; both operands must have the same data type.
 *
 * <p>Every operation has a backward rule written with tensor operations, so gradients of
 * gradients work (see {@link GradOptions.higherOrder()}).
 */
public final class Tensor {
    private final INDArray value;
    private final Node node;
    private final boolean detachedGradient;

    Tensor(INDArray value, Node node) {
        this(value, node, false);
    }

    private Tensor(INDArray value, Node node, boolean detachedGradient) {
        this.value = value;
        this.node = node;
        this.detachedGradient = detachedGradient;
    }

    /** Wraps an array as a constant (not differentiated). The array is not copied. */
    public static Tensor constant(INDArray value) {
        return new Tensor(value, null);
    }

    /** Returns a rank-0 constant of the given data type. */
    public static Tensor scalar(double value, DataType dataType) {
        return new Tensor(Nd4j.scalar(dataType, value), null);
    }

    static Tensor detachedGradient(INDArray value) {
        return new Tensor(value, null, true);
    }

    /** Returns the underlying array. Do not modify it, because saved arrays of the tape may alias it. */
    public INDArray value() {
        return value;
    }

    Node node() {
        return node;
    }

    /** Returns whether this tensor is recorded on a tape that is still open. */
    public boolean isTracked() {
        return node != null && !node.tape.isClosed();
    }

    /** Returns the tape this tensor is recorded on, or {@code null} for a constant. */
    public Tape tape() {
        return node == null ? null : node.tape;
    }

    /**
     * Returns whether this constant is a gradient returned without {@code createGraph}, or was
     * computed from one; such a value cannot be differentiated with respect to the tape's inputs.
     */
    public boolean isDetachedGradient() {
        return detachedGradient;
    }

    /** Returns a constant with the same value. */
    public Tensor detach() {
        return node == null ? this : new Tensor(value, null);
    }

    public long[] shape() {
        return value.shape();
    }

    public int rank() {
        return value.rank();
    }

    public long size(int axis) {
        return value.size(axis < 0 ? axis + value.rank() : axis);
    }

    public long length() {
        return value.length();
    }

    public DataType dataType() {
        return value.dataType();
    }

    /** Returns the value of a one-element tensor as a double. */
    public double item() {
        if (value.length() != 1) {
            throw new IllegalStateException("item: tensor has " + value.length() + " elements, shape "
                    + Arrays.toString(value.shape()) + "; reduce it first");
        }
        return value.getDouble(0);
    }

    // ---- element-wise, binary (broadcasting) ----

    public Tensor add(Tensor other) {
        return ElementwiseOps.add(this, other);
    }

    public Tensor sub(Tensor other) {
        return ElementwiseOps.sub(this, other);
    }

    public Tensor mul(Tensor other) {
        return ElementwiseOps.mul(this, other);
    }

    public Tensor div(Tensor other) {
        return ElementwiseOps.div(this, other);
    }

    /** Returns {@code this + factor · other} (shapes broadcast), in one ND4J call when the shapes are equal. */
    public Tensor addScaled(Tensor other, double factor) {
        return ElementwiseOps.addScaled(this, other, factor);
    }

    // ---- element-wise with a scalar ----

    public Tensor add(double scalar) {
        return ElementwiseOps.addScalar(this, scalar);
    }

    public Tensor sub(double scalar) {
        return ElementwiseOps.addScalar(this, -scalar);
    }

    public Tensor mul(double scalar) {
        return ElementwiseOps.mulScalar(this, scalar);
    }

    public Tensor div(double scalar) {
        return ElementwiseOps.mulScalar(this, 1.0 / scalar);
    }

    /** {@code scalar - this}. */
    public Tensor rsub(double scalar) {
        return ElementwiseOps.addScalar(ElementwiseOps.neg(this), scalar);
    }

    // ---- element-wise, unary ----

    public Tensor neg() {
        return ElementwiseOps.neg(this);
    }

    public Tensor exp() {
        return ElementwiseOps.exp(this);
    }

    public Tensor log() {
        return ElementwiseOps.log(this);
    }

    /** Element-wise power with a constant exponent. */
    public Tensor pow(double exponent) {
        return ElementwiseOps.pow(this, exponent);
    }

    public Tensor square() {
        return ElementwiseOps.square(this);
    }

    public Tensor sqrt() {
        return ElementwiseOps.sqrt(this);
    }

    public Tensor tanh() {
        return ElementwiseOps.tanh(this);
    }

    public Tensor sigmoid() {
        return ElementwiseOps.sigmoid(this);
    }

    public Tensor relu() {
        return ElementwiseOps.relu(this);
    }

    /** {@code log(1 + exp(x))}, computed stably. */
    public Tensor softplus() {
        return ElementwiseOps.softplus(this);
    }

    // ---- reductions ----

    /** Sum of all elements, a rank-0 tensor. */
    public Tensor sum() {
        return ReduceOps.sum(this, false, allAxes());
    }

    /** Sum over {@code axes} (negative axes count from the end). */
    public Tensor sum(boolean keepDims, int... axes) {
        return ReduceOps.sum(this, keepDims, axes);
    }

    /** Mean of all elements, a rank-0 tensor. */
    public Tensor mean() {
        return ReduceOps.mean(this, false, allAxes());
    }

    public Tensor mean(boolean keepDims, int... axes) {
        return ReduceOps.mean(this, keepDims, axes);
    }

    /** {@code log Σ exp(x)} over one axis, computed stably. */
    public Tensor logSumExp(int axis, boolean keepDims) {
        return ReduceOps.logSumExp(this, axis, keepDims);
    }

    /** {@code x − logsumexp(x)} over one axis. */
    public Tensor logSoftmax(int axis) {
        return ReduceOps.logSoftmax(this, axis);
    }

    /** Sum of the element-wise product, a rank-0 tensor (shapes must be equal). */
    public Tensor dot(Tensor other) {
        ShapeOps.requireSameShape("dot", this, other);
        return mul(other).sum();
    }

    // ---- shapes ----

    public Tensor reshape(long... shape) {
        return ShapeOps.reshape(this, shape);
    }

    public Tensor permute(int... axes) {
        return ShapeOps.permute(this, axes);
    }

    /** Swaps the last two axes. */
    public Tensor transpose() {
        int r = rank();
        if (r < 2) {
            throw new IllegalArgumentException("transpose: needs rank >= 2, got shape " + Arrays.toString(shape()));
        }
        int[] axes = new int[r];
        for (int i = 0; i < r; i++) {
            axes[i] = i;
        }
        axes[r - 2] = r - 1;
        axes[r - 1] = r - 2;
        return permute(axes);
    }

    /** Repeats size-1 axes (and adds leading axes) to reach {@code shape}. */
    public Tensor broadcastTo(long... shape) {
        return ShapeOps.broadcastTo(this, shape);
    }

    /** Sums over broadcast axes to reach {@code shape}: the adjoint of {@link #broadcastTo}. */
    public Tensor sumTo(long... shape) {
        return ShapeOps.sumTo(this, shape);
    }

    /** Elements {@code from} (inclusive) to {@code to} (exclusive) along {@code axis}. */
    public Tensor slice(int axis, long from, long to) {
        return ShapeOps.slice(this, axis, from, to);
    }

    /** Entries at {@code indices} along {@code axis}, in that order (repeats allowed). */
    public Tensor indexSelect(int axis, long... indices) {
        return ShapeOps.indexSelect(this, axis, indices);
    }

    /** Inserts an axis of size 1 at {@code axis}. */
    public Tensor unsqueeze(int axis) {
        long[] s = shape();
        int a = axis < 0 ? axis + s.length + 1 : axis;
        long[] out = new long[s.length + 1];
        for (int i = 0, j = 0; i < out.length; i++) {
            out[i] = i == a ? 1 : s[j++];
        }
        return reshape(out);
    }

    /** Concatenates along {@code axis}. */
    public static Tensor concat(int axis, List<Tensor> tensors) {
        return ShapeOps.concat(axis, tensors);
    }

    // ---- linear algebra ----

    /**
     * Matrix product. Ranks 2×2 and 3×3 (batched, equal batch size) multiply directly; 3×2 shares
     * the right matrix across the batch and 2×3 shares the left one.
     */
    public Tensor matmul(Tensor other) {
        return MatmulOps.matmul(this, other, false, false);
    }

    /** Matrix product with either operand transposed (last two axes). */
    public Tensor matmul(Tensor other, boolean transposeThis, boolean transposeOther) {
        return MatmulOps.matmul(this, other, transposeThis, transposeOther);
    }

    // ---- convolution ----

    /**
     * Unfolds image patches: {@code [N, C, H, W] → [N, C, kh, kw, oh, ow]}. Its adjoint is {@link #col2im}.
     */
    public Tensor im2col(int kernelHeight, int kernelWidth, int strideY, int strideX, int padY, int padX) {
        return ConvolutionOps.im2col(this, kernelHeight, kernelWidth, strideY, strideX, padY, padX);
    }

    /** Folds patches back, summing overlaps: {@code [N, C, kh, kw, oh, ow] → [N, C, H, W]}. */
    public Tensor col2im(int strideY, int strideX, int padY, int padX, int height, int width) {
        return ConvolutionOps.col2im(this, strideY, strideX, padY, padX, height, width);
    }

    @Override
    public String toString() {
        String kind;
        if (node != null) {
            kind = node.operation;
        } else if (detachedGradient) {
            kind = "gradient";
        } else {
            kind = "constant";
        }
        String preview = value.length() <= 8 ? value.toString().replace('\n', ' ') : "...";
        return "Tensor[" + value.dataType() + " " + Arrays.toString(shape()) + ", " + kind + "] " + preview;
    }

    private int[] allAxes() {
        int[] axes = new int[rank()];
        for (int i = 0; i < axes.length; i++) {
            axes[i] = i;
        }
        return axes;
    }

    // ---- recording ----

    /**
     * Wraps an operation result: recorded on the operands' tape if one is recording, else a constant.
     *
     * @param saved arrays the backward rule keeps alive, counted by the tape's memory accounting
     */
    static Tensor record(String operation, INDArray value, Tensor[] inputs, INDArray[] saved, Backward backward) {
        Tape tape = null;
        for (Tensor input : inputs) {
            Node n = input.node;
            if (n != null && n.tape.isRecording()) {
                if (tape != null && tape != n.tape) {
                    throw new IllegalArgumentException(operation
                            + ": operands are recorded on two different tapes; detach() one of them");
                }
                tape = n.tape;
            }
        }
        if (tape == null) {
            // Keep the mark, so that differentiating a value computed from a first-order gradient names the fix.
            boolean fromDetachedGradient = false;
            for (Tensor input : inputs) {
                fromDetachedGradient |= input.detachedGradient;
            }
            return new Tensor(value, null, fromDetachedGradient);
        }
        return tape.record(operation, value, inputs, saved, backward);
    }
}
