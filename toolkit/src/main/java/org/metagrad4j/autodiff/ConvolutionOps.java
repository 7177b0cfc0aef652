package org.metagrad4j.autodiff;

import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.convolution.Convolution;
import org.nd4j.linalg.factory.Nd4j;

/** im2col and col2im, each the other's adjoint, so convolutions built on them differentiate to any order. */
final class ConvolutionOps {
    private ConvolutionOps() {
    }

    static Tensor im2col(Tensor a, int kh, int kw, int sy, int sx, int py, int px) {
        long[] s = a.shape();
        if (s.length != 4) {
            throw new IllegalArgumentException("im2col: expects [N, C, H, W], got shape " + Arrays.toString(s));
        }
        if (kh <= 0 || kw <= 0 || sy <= 0 || sx <= 0 || py < 0 || px < 0) {
            throw new IllegalArgumentException("im2col: kernel and stride must be > 0 and padding >= 0, got kernel "
                    + kh + "x" + kw + ", stride " + sy + "x" + sx + ", padding " + py + "x" + px);
        }
        int h = (int) s[2];
        int w = (int) s[3];
        long oh = (h + 2L * py - kh) / sy + 1;
        long ow = (w + 2L * px - kw) / sx + 1;
        if (oh <= 0 || ow <= 0) {
            throw new IllegalArgumentException("im2col: kernel " + kh + "x" + kw + " does not fit input " + h + "x" + w
                    + " with padding " + py + "x" + px);
        }
        INDArray x = a.value().ordering() == 'c' ? a.value() : a.value().dup('c');
        INDArray out = Nd4j.create(a.dataType(), s[0], s[1], kh, kw, oh, ow);
        Convolution.im2col(x, kh, kw, sy, sx, py, px, false, out);
        return Tensor.record("im2col", out, new Tensor[] {a}, null,
                (g, needed) -> new Tensor[] {g.col2im(sy, sx, py, px, h, w)});
    }

    static Tensor col2im(Tensor a, int sy, int sx, int py, int px, int h, int w) {
        long[] s = a.shape();
        if (s.length != 6) {
            throw new IllegalArgumentException("col2im: expects [N, C, kh, kw, oh, ow], got shape " + Arrays.toString(s));
        }
        int kh = (int) s[2];
        int kw = (int) s[3];
        INDArray col = a.value().ordering() == 'c' ? a.value() : a.value().dup('c');
        INDArray out = Nd4j.create(a.dataType(), s[0], s[1], h, w);
        Convolution.col2im(col, out, sy, sx, py, px, h, w, 1, 1);
        return Tensor.record("col2im", out, new Tensor[] {a}, null,
                (g, needed) -> new Tensor[] {g.im2col(kh, kw, sy, sx, py, px)});
    }
}
