package org.metagrad4j.autodiff;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * First- and second-order gradient checks of every tensor operation in float64, plus a float32
 * smoke check. Each non-scalar result is reduced by a seeded random weighting and passed through
 * a smooth nonlinearity, so that second derivatives of linear operations are exercised too.
 */
class OperationGradientTest {

    private static INDArray random(long seed, long... shape) {
        return Nd4j.randn(Nd4j.getRandomFactory().getNewRandomInstance(seed), shape).castTo(DataType.DOUBLE);
    }

    private static INDArray positive(long seed, long... shape) {
        return org.nd4j.linalg.ops.transforms.Transforms.abs(random(seed, shape)).addi(0.5);
    }

    /** Values at least 0.3 from zero, so that a finite-difference step never crosses relu's kink. */
    private static INDArray awayFromZero(long seed, long... shape) {
        INDArray r = random(seed, shape);
        return org.nd4j.linalg.ops.transforms.Transforms.sign(r).muli(org.nd4j.linalg.ops.transforms.Transforms.abs(r).addi(0.3));
    }

    /** Reduces a tensor to a scalar with a seeded weighting and a square, so that linear maps have curvature. */
    private static Tensor reduce(Tensor t) {
        Tensor w = Tensor.constant(random(99, t.shape()).castTo(t.dataType()));
        Tensor s = t.mul(w).sum();
        return s.add(s.square().mul(0.1)).add(t.square().sum().mul(0.05));
    }

    private static Arguments op(String name, Function<List<Tensor>, Tensor> f, INDArray... inputs) {
        return Arguments.of(name, f, List.of(inputs));
    }

    static Stream<Arguments> operations() {
        return Stream.of(
                op("add", x -> x.get(0).add(x.get(1)), random(1, 3, 4), random(2, 3, 4)),
                op("add broadcast row", x -> x.get(0).add(x.get(1)), random(1, 3, 4), random(2, 4)),
                op("add broadcast column", x -> x.get(0).add(x.get(1)), random(1, 3, 1), random(2, 1, 4)),
                op("sub broadcast", x -> x.get(0).sub(x.get(1)), random(1, 2, 3, 4), random(2, 2, 1, 4)),
                op("mul broadcast", x -> x.get(0).mul(x.get(1)), random(1, 3, 4), random(2, 3, 1)),
                op("div broadcast", x -> x.get(0).div(x.get(1)), random(1, 3, 4), positive(2, 4)),
                op("addScaled", x -> x.get(0).addScaled(x.get(1), -0.7), random(1, 3, 4), random(2, 3, 4)),
                op("addScaled broadcast", x -> x.get(0).addScaled(x.get(1), 1.3), random(1, 3, 4), random(2, 4)),
                op("scalar ops", x -> x.get(0).mul(1.5).add(0.25).rsub(2.0).div(3.0), random(1, 3, 4)),
                op("neg", x -> x.get(0).neg(), random(1, 5)),
                op("exp", x -> x.get(0).exp(), random(1, 3, 4)),
                op("log", x -> x.get(0).log(), positive(1, 3, 4)),
                op("pow 3", x -> x.get(0).pow(3.0), random(1, 3, 4)),
                op("pow -0.5", x -> x.get(0).pow(-0.5), positive(1, 3, 4)),
                op("square", x -> x.get(0).square(), random(1, 3, 4)),
                op("sqrt", x -> x.get(0).sqrt(), positive(1, 3, 4)),
                op("tanh", x -> x.get(0).tanh(), random(1, 3, 4)),
                op("sigmoid", x -> x.get(0).sigmoid(), random(1, 3, 4)),
                op("relu", x -> x.get(0).relu(), awayFromZero(1, 3, 4)),
                op("softplus", x -> x.get(0).softplus(), random(1, 3, 4).muli(4)),
                op("sum axes", x -> x.get(0).sum(false, 0, 2), random(1, 2, 3, 4)),
                op("sum keepdims", x -> x.get(0).sum(true, -1), random(1, 2, 3, 4)),
                op("mean", x -> x.get(0).mean(false, 1), random(1, 2, 3, 4)),
                op("logSumExp", x -> x.get(0).logSumExp(1, false), random(1, 3, 5)),
                op("logSoftmax", x -> x.get(0).logSoftmax(-1), random(1, 2, 3, 5)),
                op("reshape", x -> x.get(0).reshape(4, 3).matmul(x.get(0).reshape(3, 4)), random(1, 2, 6)),
                op("permute", x -> x.get(0).permute(2, 0, 1), random(1, 2, 3, 4)),
                op("transpose", x -> x.get(0).transpose(), random(1, 2, 3, 4)),
                op("broadcastTo", x -> x.get(0).broadcastTo(2, 3, 4), random(1, 3, 1)),
                op("sumTo", x -> x.get(0).sumTo(3, 1), random(1, 2, 3, 4)),
                op("slice", x -> x.get(0).slice(1, 1, 3), random(1, 2, 4, 3)),
                op("concat", x -> Tensor.concat(1, List.of(x.get(0), x.get(1))), random(1, 2, 3), random(2, 2, 2)),
                op("indexSelect", x -> x.get(0).indexSelect(-1, 4, 0, 4), random(1, 3, 5)),
                op("matmul 2d", x -> x.get(0).matmul(x.get(1)), random(1, 3, 4), random(2, 4, 2)),
                op("matmul 2d transposed", x -> x.get(0).matmul(x.get(1), true, true), random(1, 4, 3), random(2, 2, 4)),
                op("matmul 2d A transposed", x -> x.get(0).matmul(x.get(1), true, false), random(1, 4, 3), random(2, 4, 2)),
                op("matmul 2d B transposed", x -> x.get(0).matmul(x.get(1), false, true), random(1, 3, 4), random(2, 2, 4)),
                op("matmul 3d", x -> x.get(0).matmul(x.get(1)), random(1, 2, 3, 4), random(2, 2, 4, 5)),
                op("matmul 3d transposed", x -> x.get(0).matmul(x.get(1), true, true), random(1, 2, 4, 3), random(2, 2, 5, 4)),
                op("matmul 3d outer product", x -> x.get(0).matmul(x.get(1)), random(1, 2, 3, 1), random(2, 2, 1, 4)),
                op("matmul 3d by column", x -> x.get(0).matmul(x.get(1), true, false), random(1, 2, 4, 3), random(2, 2, 4, 1)),
                op("matmul 3d row by matrix", x -> x.get(0).matmul(x.get(1), true, true), random(1, 2, 4, 1), random(2, 2, 3, 4)),
                op("matmul 2d by column", x -> x.get(0).matmul(x.get(1)), random(1, 3, 4), random(2, 4, 1)),
                op("matmul 3d by 2d", x -> x.get(0).matmul(x.get(1)), random(1, 2, 3, 4), random(2, 4, 5)),
                op("matmul 2d by 3d", x -> x.get(0).matmul(x.get(1)), random(1, 3, 4), random(2, 2, 4, 5)),
                op("im2col", x -> x.get(0).im2col(3, 3, 2, 2, 1, 1), random(1, 2, 2, 5, 5)),
                op("col2im", x -> x.get(0).col2im(2, 2, 1, 1, 5, 5), random(1, 1, 2, 3, 3, 3, 3)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("operations")
    void firstOrderFloat64(String name, Function<List<Tensor>, Tensor> f, List<INDArray> inputs) {
        GradientCheck.Result result = GradientCheck.firstOrder(x -> reduce(f.apply(x)), inputs, 7);
        assertTrue(result.passed(), name + ": " + result);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("operations")
    void secondOrderFloat64(String name, Function<List<Tensor>, Tensor> f, List<INDArray> inputs) {
        GradientCheck.Result result = GradientCheck.secondOrder(x -> reduce(f.apply(x)), inputs, 11);
        assertTrue(result.passed(), name + ": " + result);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("operations")
    void firstOrderFloat32Smoke(String name, Function<List<Tensor>, Tensor> f, List<INDArray> inputs) {
        List<INDArray> floats = inputs.stream().map(a -> a.castTo(DataType.FLOAT)).toList();
        GradientCheck.Result result = GradientCheck.firstOrder(x -> reduce(f.apply(x)), floats, 7);
        assertTrue(result.passed(), name + ": " + result);
    }
}
