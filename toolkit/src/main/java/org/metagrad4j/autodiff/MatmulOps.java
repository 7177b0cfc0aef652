package org.metagrad4j.autodiff;

import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.MulOp;
import org.nd4j.linalg.factory.Nd4j;

/** Matrix products (2-D and batched 3-D, optionally transposed) with their backward rules. */
final class MatmulOps {
    private MatmulOps() {
    }

    static Tensor matmul(Tensor a, Tensor b, boolean transposeA, boolean transposeB) {
        if (a.dataType() != b.dataType()) {
            throw new IllegalArgumentException("matmul: data types differ, " + a.dataType() + " and " + b.dataType()
                    + "; cast one operand (castTo) so both match");
        }
        int ra = a.rank();
        int rb = b.rank();
        if (ra == 3 && rb == 2) {
            // A matrix shared by every batch entry: fold the batch into the rows ([T, n, d]·[d, h]).
            Tensor left = transposeA ? a.transpose() : a;
            long[] s = left.shape();
            Tensor product = product(left.reshape(s[0] * s[1], s[2]), b, false, transposeB);
            return product.reshape(s[0], s[1], product.size(1));
        }
        if (ra == 2 && rb == 3) {
            Tensor left = a.unsqueeze(0).broadcastTo(b.size(0), a.size(0), a.size(1));
            return product(left, b, transposeA, transposeB);
        }
        if (ra != rb || (ra != 2 && ra != 3)) {
            throw new IllegalArgumentException("matmul: unsupported ranks " + ra + " and " + rb + " (shapes "
                    + Arrays.toString(a.shape()) + ", " + Arrays.toString(b.shape()) + "); use 2-D or batched 3-D operands");
        }
        return product(a, b, transposeA, transposeB);
    }

    /**
     * Computes op(A)·op(B). A product with an inner size of 1 (an outer product) or with one row or
     * column in the result is computed as a broadcast multiplication and a sum. ND4J's batched matmul
     * took about twice as long for [25, 10, 40]·[25, 40, 1] as for [25, 10, 40]·[25, 40, 40] on a
     * 2-core machine.
     */
    static INDArray value(INDArray x, INDArray y, boolean ta, boolean tb, long inner, long[] outShape) {
        int r = outShape.length;
        long rows = outShape[r - 2];
        long columns = outShape[r - 1];
        if (inner != 1 && rows != 1 && columns != 1) {
            // A preallocated output spares ND4J its native output-shape calculation for every product.
            return Nd4j.matmul(x, y, Nd4j.createUninitialized(x.dataType(), outShape), ta, tb, false);
        }
        long batch = r == 3 ? outShape[0] : 1;
        INDArray a = x.rank() == 2 ? x.reshape(1, x.size(0), x.size(1)) : x;
        INDArray b = y.rank() == 2 ? y.reshape(1, y.size(0), y.size(1)) : y;
        INDArray product;
        if (inner == 1) {
            // Outer product: column [T, rows, 1] times row [T, 1, columns].
            product = multiply(a.reshape('c', batch, rows, 1), b.reshape('c', batch, 1, columns));
        } else if (columns == 1) {
            // Matrix times vector: sum over the inner axis of A times the vector broadcast along it.
            product = ta ? multiply(a, b.reshape('c', batch, inner, 1)).sum(true, 1)
                    : multiply(a, b.reshape('c', batch, 1, inner)).sum(true, 2);
        } else {
            // Row vector times matrix.
            product = tb ? multiply(b, a.reshape('c', batch, 1, inner)).sum(true, 2)
                    : multiply(b, a.reshape('c', batch, inner, 1)).sum(true, 1);
        }
        return product.reshape('c', outShape);
    }

    private static INDArray multiply(INDArray a, INDArray b) {
        long[] shape = ShapeOps.broadcastShape("matmul", a.shape(), b.shape());
        INDArray out = Nd4j.createUninitialized(a.dataType(), shape);
        Nd4j.exec(new MulOp(a, b, out));
        return out;
    }

    /** C = op(A)·op(B) for operands of equal rank 2 or 3. */
    private static Tensor product(Tensor a, Tensor b, boolean ta, boolean tb) {
        long[] sa = a.shape();
        long[] sb = b.shape();
        int r = sa.length;
        long inner = ta ? sa[r - 2] : sa[r - 1];
        long innerB = tb ? sb[r - 1] : sb[r - 2];
        if (inner != innerB || (r == 3 && sa[0] != sb[0])) {
            throw new IllegalArgumentException("matmul: shapes " + Arrays.toString(sa) + (ta ? "ᵀ" : "") + " and "
                    + Arrays.toString(sb) + (tb ? "ᵀ" : "") + " do not match (inner sizes " + inner + " and " + innerB
                    + (r == 3 ? ", batch sizes " + sa[0] + " and " + sb[0] : "") + ")");
        }
        long[] outShape = sa.clone();
        outShape[r - 2] = ta ? sa[r - 1] : sa[r - 2];
        outShape[r - 1] = tb ? sb[r - 2] : sb[r - 1];
        INDArray out = value(a.value(), b.value(), ta, tb, inner, outShape);
        // For C = op(A)·op(B): A-gradient and B-gradient for each transpose combination.
        return Tensor.record("matmul", out, new Tensor[] {a, b}, new INDArray[] {a.value(), b.value()}, (g, needed) -> {
            Tensor ga = null;
            Tensor gb = null;
            if (needed[0]) {
                ga = !ta ? g.matmul(b, false, !tb) : (tb ? b.matmul(g, true, true) : b.matmul(g, false, true));
            }
            if (needed[1]) {
                gb = !tb ? a.matmul(g, !ta, false) : (ta ? g.matmul(a, true, true) : g.matmul(a, true, false));
            }
            return new Tensor[] {ga, gb};
        });
    }
}
