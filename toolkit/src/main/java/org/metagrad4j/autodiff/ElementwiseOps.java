package org.metagrad4j.autodiff;

import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.Axpy;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/** Element-wise operations with their backward rules, each rule written in tensor operations. */
final class ElementwiseOps {
    private ElementwiseOps() {
    }

    // ---- binary, broadcasting: gradients are summed back to each operand's shape ----

    static Tensor add(Tensor a, Tensor b) {
        INDArray[] v = operands("add", a, b);
        long[] sa = a.shape();
        long[] sb = b.shape();
        return Tensor.record("add", v[0].add(v[1]), new Tensor[] {a, b}, null, (g, needed) -> new Tensor[] {
            needed[0] ? g.sumTo(sa) : null,
            needed[1] ? g.sumTo(sb) : null});
    }

    static Tensor sub(Tensor a, Tensor b) {
        INDArray[] v = operands("sub", a, b);
        long[] sa = a.shape();
        long[] sb = b.shape();
        return Tensor.record("sub", v[0].sub(v[1]), new Tensor[] {a, b}, null, (g, needed) -> new Tensor[] {
            needed[0] ? g.sumTo(sa) : null,
            needed[1] ? g.neg().sumTo(sb) : null});
    }

    static Tensor mul(Tensor a, Tensor b) {
        INDArray[] v = operands("mul", a, b);
        long[] sa = a.shape();
        long[] sb = b.shape();
        // d(ab) = b da + a db
        return Tensor.record("mul", v[0].mul(v[1]), new Tensor[] {a, b}, new INDArray[] {a.value(), b.value()},
                (g, needed) -> new Tensor[] {
                    needed[0] ? g.mul(b).sumTo(sa) : null,
                    needed[1] ? g.mul(a).sumTo(sb) : null});
    }

    static Tensor div(Tensor a, Tensor b) {
        INDArray[] v = operands("div", a, b);
        long[] sa = a.shape();
        long[] sb = b.shape();
        // d(a/b) = da / b − a db / b²
        return Tensor.record("div", v[0].div(v[1]), new Tensor[] {a, b}, new INDArray[] {a.value(), b.value()},
                (g, needed) -> new Tensor[] {
                    needed[0] ? g.div(b).sumTo(sa) : null,
                    needed[1] ? g.mul(a).div(b.square()).neg().sumTo(sb) : null});
    }

    // ---- with a constant scalar ----

    static Tensor addScalar(Tensor a, double c) {
        return Tensor.record("addScalar", a.value().add(c), new Tensor[] {a}, null, (g, needed) -> new Tensor[] {g});
    }

    static Tensor mulScalar(Tensor a, double c) {
        return Tensor.record("mulScalar", a.value().mul(c), new Tensor[] {a}, null,
                (g, needed) -> new Tensor[] {g.mul(c)});
    }

    // ---- unary ----

    static Tensor neg(Tensor a) {
        return Tensor.record("neg", a.value().neg(), new Tensor[] {a}, null, (g, needed) -> new Tensor[] {g.neg()});
    }

    static Tensor exp(Tensor a) {
        INDArray out = Transforms.exp(a.value(), true);
        Tensor[] self = new Tensor[1];
        // d exp(x) = exp(x) dx: the rule reuses the output tensor, so the second derivative follows.
        self[0] = Tensor.record("exp", out, new Tensor[] {a}, new INDArray[] {out},
                (g, needed) -> new Tensor[] {g.mul(self[0])});
        return self[0];
    }

    static Tensor log(Tensor a) {
        return Tensor.record("log", Transforms.log(a.value(), true), new Tensor[] {a}, new INDArray[] {a.value()},
                (g, needed) -> new Tensor[] {g.div(a)});
    }

    static Tensor pow(Tensor a, double p) {
        if (p == 1.0) {
            return a;
        }
        if (p == 2.0) {
            return square(a);
        }
        // d x^p = p x^(p−1) dx
        return Tensor.record("pow", Transforms.pow(a.value(), p, true), new Tensor[] {a}, new INDArray[] {a.value()},
                (g, needed) -> new Tensor[] {g.mul(a.pow(p - 1.0)).mul(p)});
    }

    static Tensor square(Tensor a) {
        return Tensor.record("square", a.value().mul(a.value()), new Tensor[] {a}, new INDArray[] {a.value()},
                (g, needed) -> new Tensor[] {g.mul(a).mul(2.0)});
    }

    static Tensor sqrt(Tensor a) {
        INDArray out = Transforms.sqrt(a.value(), true);
        Tensor[] self = new Tensor[1];
        // d sqrt(x) = dx / (2 sqrt(x))
        self[0] = Tensor.record("sqrt", out, new Tensor[] {a}, new INDArray[] {out},
                (g, needed) -> new Tensor[] {g.div(self[0]).mul(0.5)});
        return self[0];
    }

    static Tensor tanh(Tensor a) {
        INDArray out = Transforms.tanh(a.value(), true);
        Tensor[] self = new Tensor[1];
        // d tanh(x) = (1 − tanh²(x)) dx
        self[0] = Tensor.record("tanh", out, new Tensor[] {a}, new INDArray[] {out},
                (g, needed) -> new Tensor[] {g.mul(self[0].square().rsub(1.0))});
        return self[0];
    }

    static Tensor sigmoid(Tensor a) {
        INDArray out = Transforms.sigmoid(a.value(), true);
        Tensor[] self = new Tensor[1];
        // d σ(x) = σ(x)(1 − σ(x)) dx
        self[0] = Tensor.record("sigmoid", out, new Tensor[] {a}, new INDArray[] {out},
                (g, needed) -> new Tensor[] {g.mul(self[0].mul(self[0].rsub(1.0)))});
        return self[0];
    }

    static Tensor relu(Tensor a) {
        INDArray out = Transforms.relu(a.value(), true);
        // The first backward pass computes the mask 1[x > 0] = sign(relu(x)), so a forward pass costs one ND4J call.
        // The mask is a constant because relu's second derivative is zero almost everywhere.
        Tensor[] mask = new Tensor[1];
        return Tensor.record("relu", out, new Tensor[] {a}, new INDArray[] {out}, (g, needed) -> {
            if (mask[0] == null) {
                mask[0] = Tensor.constant(Transforms.sign(out, true));
            }
            return new Tensor[] {g.mul(mask[0])};
        });
    }

    /** Computes a + c·b (the inner loop's update φ − α d) in one ND4J call. */
    static Tensor addScaled(Tensor a, Tensor b, double c) {
        if (!Arrays.equals(a.shape(), b.shape())) {
            return a.add(b.mul(c));
        }
        INDArray[] v = operands("addScaled", a, b);
        INDArray out = Nd4j.createUninitialized(v[0].dataType(), v[0].shape());
        Nd4j.exec(new Axpy(v[1], v[0], out, c));
        return Tensor.record("addScaled", out, new Tensor[] {a, b}, null,
                (g, needed) -> new Tensor[] {needed[0] ? g : null, needed[1] ? g.mul(c) : null});
    }

    static Tensor softplus(Tensor a) {
        // log(1 + e^x) = max(x, 0) + log(1 + e^−|x|), which neither overflows nor loses small values.
        INDArray x = a.value();
        INDArray out = Transforms.max(x, 0.0, true).addi(Transforms.log(Transforms.exp(Transforms.abs(x, true).negi(), false).addi(1.0), false));
        return Tensor.record("softplus", out, new Tensor[] {a}, new INDArray[] {x},
                (g, needed) -> new Tensor[] {g.mul(a.sigmoid())});
    }

    // ---- operand checks ----

    private static INDArray[] operands(String operation, Tensor a, Tensor b) {
        INDArray x = a.value();
        INDArray y = b.value();
        if (x.dataType() != y.dataType()) {
            throw new IllegalArgumentException(operation + ": data types differ, " + x.dataType() + " and "
                    + y.dataType() + "; cast one operand (castTo) so both match");
        }
        long[] sx = x.shape();
        long[] sy = y.shape();
        if (Arrays.equals(sx, sy)) {
            return new INDArray[] {x, y};
        }
        ShapeOps.broadcastShape(operation, sx, sy);
        // ND4J broadcasts operands of equal rank; give the lower-rank one leading size-1 axes.
        if (sx.length < sy.length) {
            x = x.reshape(ShapeOps.padLeft(sx, sy.length));
        } else if (sy.length < sx.length) {
            y = y.reshape(ShapeOps.padLeft(sy, sx.length));
        }
        return new INDArray[] {x, y};
    }
}
