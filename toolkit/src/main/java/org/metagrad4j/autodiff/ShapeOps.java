package org.metagrad4j.autodiff;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.custom.Assign;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** Shape operations (reshape, permute, broadcast, slice, gather, concat) with their backward rules. */
final class ShapeOps {
    private ShapeOps() {
    }

    static Tensor reshape(Tensor a, long... shape) {
        long[] inShape = a.shape();
        long[] resolved = resolveShape(inShape, shape);
        if (Arrays.equals(inShape, resolved)) {
            return a;
        }
        INDArray v = a.value();
        INDArray out = v.ordering() == 'c' ? v.reshape('c', resolved) : v.dup('c').reshape('c', resolved);
        return Tensor.record("reshape", out, new Tensor[] {a}, null,
                (g, needed) -> new Tensor[] {g.reshape(inShape)});
    }

    static Tensor permute(Tensor a, int... axes) {
        long[] inShape = a.shape();
        if (axes.length != inShape.length) {
            throw new IllegalArgumentException("permute: " + axes.length + " axes given for shape " + Arrays.toString(inShape));
        }
        int[] inverse = new int[axes.length];
        boolean[] seen = new boolean[axes.length];
        for (int i = 0; i < axes.length; i++) {
            int axis = axes[i];
            if (axis < 0 || axis >= axes.length || seen[axis]) {
                throw new IllegalArgumentException("permute: " + Arrays.toString(axes) + " is not a permutation of 0.."
                        + (axes.length - 1));
            }
            seen[axis] = true;
            inverse[axis] = i;
        }
        // Copied to C order: later element-wise operations on strided views are much slower in ND4J.
        INDArray out = a.value().permute(axes).dup('c');
        return Tensor.record("permute", out, new Tensor[] {a}, null,
                (g, needed) -> new Tensor[] {g.permute(inverse)});
    }

    static Tensor broadcastTo(Tensor a, long... shape) {
        long[] inShape = a.shape();
        if (Arrays.equals(inShape, shape)) {
            return a;
        }
        long[] target = broadcastShape("broadcastTo", inShape, shape);
        if (!Arrays.equals(target, shape)) {
            throw new IllegalArgumentException("broadcastTo: shape " + Arrays.toString(inShape) + " cannot be broadcast to "
                    + Arrays.toString(shape));
        }
        INDArray v = a.value();
        if (inShape.length < shape.length) {
            v = v.reshape(padLeft(inShape, shape.length));
        }
        // ND4J's broadcast (a tile op) took about 700 µs for 25 copies of a 40×40 matrix on a 2-core
        // machine. The broadcasting assign into a fresh array took about 20 µs.
        INDArray out = Nd4j.createUninitialized(v.dataType(), shape);
        Nd4j.exec(new Assign(new INDArray[] {out, v}, new INDArray[] {out}));
        return Tensor.record("broadcastTo", out, new Tensor[] {a}, null,
                (g, needed) -> new Tensor[] {g.sumTo(inShape)});
    }

    static Tensor sumTo(Tensor a, long... shape) {
        long[] inShape = a.shape();
        if (Arrays.equals(inShape, shape)) {
            return a;
        }
        INDArray out = reduceTo(a.value(), shape);
        return Tensor.record("sumTo", out, new Tensor[] {a}, null,
                (g, needed) -> new Tensor[] {g.broadcastTo(inShape)});
    }

    static Tensor slice(Tensor a, int axis, long from, long to) {
        long[] inShape = a.shape();
        int ax = ReduceOps.normalizeAxes("slice", inShape, axis)[0];
        if (from < 0 || to > inShape[ax] || from >= to) {
            throw new IllegalArgumentException("slice: range [" + from + ", " + to + ") is invalid for axis " + ax
                    + " of size " + inShape[ax] + " (shape " + Arrays.toString(inShape) + ")");
        }
        INDArray out = a.value().get(intervalAt(inShape.length, ax, from, to)).dup('c');
        return Tensor.record("slice", out, new Tensor[] {a}, null,
                (g, needed) -> new Tensor[] {unslice(g, ax, from, to, inShape)});
    }

    /** Places {@code g} at {@code [from, to)} along {@code axis} of a zero tensor of {@code shape}: the adjoint of slice. */
    static Tensor unslice(Tensor g, int axis, long from, long to, long[] shape) {
        INDArray out = Nd4j.zeros(g.dataType(), shape);
        out.get(intervalAt(shape.length, axis, from, to)).assign(g.value());
        return Tensor.record("unslice", out, new Tensor[] {g}, null,
                (gg, needed) -> new Tensor[] {gg.slice(axis, from, to)});
    }

    static Tensor indexSelect(Tensor a, int axis, long... indices) {
        long[] inShape = a.shape();
        int ax = ReduceOps.normalizeAxes("indexSelect", inShape, axis)[0];
        for (long index : indices) {
            if (index < 0 || index >= inShape[ax]) {
                throw new IllegalArgumentException("indexSelect: index " + index + " is out of range [0, " + inShape[ax]
                        + ") for axis " + ax + " of shape " + Arrays.toString(inShape));
            }
        }
        long[] outShape = inShape.clone();
        outShape[ax] = indices.length;
        INDArray out = Nd4j.create(a.dataType(), outShape);
        for (int j = 0; j < indices.length; j++) {
            out.get(pointAt(outShape.length, ax, j)).assign(a.value().get(pointAt(inShape.length, ax, indices[j])));
        }
        return Tensor.record("indexSelect", out, new Tensor[] {a}, null,
                (g, needed) -> new Tensor[] {indexAdd(g, ax, indices, inShape)});
    }

    /** Adds the slices of {@code g} into a zero tensor of {@code shape} at {@code indices}: the adjoint of indexSelect. */
    static Tensor indexAdd(Tensor g, int axis, long[] indices, long[] shape) {
        INDArray out = Nd4j.zeros(g.dataType(), shape);
        for (int j = 0; j < indices.length; j++) {
            out.get(pointAt(shape.length, axis, indices[j])).addi(g.value().get(pointAt(shape.length, axis, j)));
        }
        return Tensor.record("indexAdd", out, new Tensor[] {g}, null,
                (gg, needed) -> new Tensor[] {gg.indexSelect(axis, indices)});
    }

    static Tensor concat(int axis, List<Tensor> tensors) {
        if (tensors.isEmpty()) {
            throw new IllegalArgumentException("concat: no tensors given");
        }
        long[] first = tensors.get(0).shape();
        int ax = ReduceOps.normalizeAxes("concat", first, axis)[0];
        INDArray[] values = new INDArray[tensors.size()];
        long[] bounds = new long[tensors.size() + 1];
        for (int i = 0; i < values.length; i++) {
            long[] s = tensors.get(i).shape();
            for (int d = 0; d < first.length; d++) {
                if (s.length != first.length || (d != ax && s[d] != first[d])) {
                    throw new IllegalArgumentException("concat: shape " + Arrays.toString(s) + " of tensor #" + i
                            + " does not match " + Arrays.toString(first) + " outside axis " + ax);
                }
            }
            values[i] = tensors.get(i).value();
            bounds[i + 1] = bounds[i] + s[ax];
        }
        INDArray out = Nd4j.concat(ax, values);
        return Tensor.record("concat", out, tensors.toArray(new Tensor[0]), null, (g, needed) -> {
            Tensor[] grads = new Tensor[needed.length];
            for (int i = 0; i < needed.length; i++) {
                grads[i] = needed[i] ? g.slice(ax, bounds[i], bounds[i + 1]) : null;
            }
            return grads;
        });
    }

    // ---- shape arithmetic ----

    static void requireSameShape(String operation, Tensor a, Tensor b) {
        if (!Arrays.equals(a.shape(), b.shape())) {
            throw new IllegalArgumentException(operation + ": shapes " + Arrays.toString(a.shape()) + " and "
                    + Arrays.toString(b.shape()) + " differ");
        }
    }

    /** NumPy broadcasting of two shapes; names both shapes and the operation when they are incompatible. */
    static long[] broadcastShape(String operation, long[] a, long[] b) {
        int rank = Math.max(a.length, b.length);
        long[] out = new long[rank];
        for (int i = 0; i < rank; i++) {
            long x = i < rank - a.length ? 1 : a[i - (rank - a.length)];
            long y = i < rank - b.length ? 1 : b[i - (rank - b.length)];
            if (x != y && x != 1 && y != 1) {
                throw new IllegalArgumentException(operation + ": shapes " + Arrays.toString(a) + " and "
                        + Arrays.toString(b) + " cannot be broadcast (axis " + i + ": " + x + " vs " + y + ")");
            }
            out[i] = Math.max(x, y);
        }
        return out;
    }

    static long[] padLeft(long[] shape, int rank) {
        long[] out = new long[rank];
        Arrays.fill(out, 1);
        System.arraycopy(shape, 0, out, rank - shape.length, shape.length);
        return out;
    }

    /** Sums {@code value} over the axes along which {@code shape} was broadcast. */
    static INDArray reduceTo(INDArray value, long[] shape) {
        long[] in = value.shape();
        int lead = in.length - shape.length;
        if (lead < 0) {
            throw new IllegalArgumentException("sumTo: shape " + Arrays.toString(in) + " has lower rank than target "
                    + Arrays.toString(shape));
        }
        List<Integer> axes = new ArrayList<>();
        for (int i = 0; i < in.length; i++) {
            if (i < lead) {
                axes.add(i);
            } else if (shape[i - lead] == 1 && in[i] != 1) {
                axes.add(i);
            } else if (shape[i - lead] != in[i]) {
                throw new IllegalArgumentException("sumTo: shape " + Arrays.toString(in) + " cannot be reduced to "
                        + Arrays.toString(shape));
            }
        }
        INDArray out = value;
        if (!axes.isEmpty()) {
            out = value.sum(true, axes.stream().mapToInt(Integer::intValue).toArray());
        }
        return out.reshape(shape);
    }

    private static long[] resolveShape(long[] inShape, long[] shape) {
        long total = 1;
        for (long s : inShape) {
            total *= s;
        }
        long known = 1;
        int free = -1;
        long[] out = shape.clone();
        for (int i = 0; i < out.length; i++) {
            if (out[i] == -1) {
                if (free >= 0) {
                    throw new IllegalArgumentException("reshape: more than one -1 in " + Arrays.toString(shape));
                }
                free = i;
            } else {
                known *= out[i];
            }
        }
        if (free >= 0 && known > 0) {
            out[free] = total / known;
            known *= out[free];
        }
        if (known != total) {
            throw new IllegalArgumentException("reshape: cannot reshape " + Arrays.toString(inShape) + " ("
                    + total + " elements) to " + Arrays.toString(shape));
        }
        return out;
    }

    private static INDArrayIndex[] intervalAt(int rank, int axis, long from, long to) {
        INDArrayIndex[] index = new INDArrayIndex[rank];
        for (int i = 0; i < rank; i++) {
            index[i] = i == axis ? NDArrayIndex.interval(from, to) : NDArrayIndex.all();
        }
        return index;
    }

    private static INDArrayIndex[] pointAt(int rank, int axis, long position) {
        INDArrayIndex[] index = new INDArrayIndex[rank];
        for (int i = 0; i < rank; i++) {
            index[i] = i == axis ? NDArrayIndex.point(position) : NDArrayIndex.all();
        }
        return index;
    }
}
