package org.metagrad4j.autodiff;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.rng.Random;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Checks reverse-mode gradients against central differences along a seeded random direction.
 *
 * <p>For f: inputs → scalar, the check compares the directional derivative ⟨∇f(x), v⟩ from the
 * tape with {@code [f(x + εv) − f(x − εv)] / (2ε)}; it passes when
 * {@code |analytic − numeric| ≤ absolute + relative · max(|analytic|, |numeric|)}.
 * {@link #secondOrder} applies the same check to x ↦ ⟨∇f(x), u⟩ built with create-graph, which
 * checks every backward rule's own backward rule.
 *
 * <p>Tolerances per data type ({@link Tolerance#forType}): float64 ε = 1e-6, relative 1e-6,
 * absolute 1e-9; float32 ε = 1e-2, relative 2e-2, absolute 1e-3.
 */
public final class GradientCheck {
    private GradientCheck() {
    }

    /** Step and tolerances of a check. */
    public record Tolerance(double epsilon, double relative, double absolute) {

        /** The default tolerance for a data type. */
        public static Tolerance forType(DataType type) {
            return type == DataType.DOUBLE ? new Tolerance(1e-6, 1e-6, 1e-9) : new Tolerance(1e-2, 2e-2, 1e-3);
        }
    }

    /** Outcome of one check. */
    public record Result(String what, double analytic, double numeric, Tolerance tolerance) {

        public double absoluteError() {
            return Math.abs(analytic - numeric);
        }

        public boolean passed() {
            double scale = Math.max(Math.abs(analytic), Math.abs(numeric));
            return absoluteError() <= tolerance.absolute() + tolerance.relative() * scale;
        }

        /** @throws AssertionError describing both values when the check failed */
        public Result requirePassed() {
            if (!passed()) {
                throw new AssertionError(this.toString());
            }
            return this;
        }

        @Override
        public String toString() {
            return (passed() ? "passed " : "FAILED ") + what + ": analytic " + analytic + ", numeric " + numeric
                    + ", |difference| " + absoluteError() + " (tolerance " + tolerance + ")";
        }
    }

    /** First-order check with the default tolerance of the inputs' data type. */
    public static Result firstOrder(Function<List<Tensor>, Tensor> f, List<INDArray> inputs, long seed) {
        return firstOrder(f, inputs, seed, Tolerance.forType(inputs.get(0).dataType()));
    }

    /** First-order check of scalar {@code f} at {@code inputs} along a direction drawn from {@code seed}. */
    public static Result firstOrder(Function<List<Tensor>, Tensor> f, List<INDArray> inputs, long seed, Tolerance tolerance) {
        List<INDArray> direction = randomLike(inputs, seed);
        double analytic;
        try (Tape tape = Tape.create()) {
            List<Tensor> xs = watchAll(tape, inputs);
            List<Tensor> grads = tape.grad(f.apply(xs), xs, GradOptions.firstOrder().withAllowUnused(true));
            analytic = innerProduct(grads, direction);
        }
        double numeric = (evaluate(f, shifted(inputs, direction, tolerance.epsilon()))
                - evaluate(f, shifted(inputs, direction, -tolerance.epsilon()))) / (2 * tolerance.epsilon());
        return new Result("first order", analytic, numeric, tolerance);
    }

    /** Second-order check with the default tolerance of the inputs' data type. */
    public static Result secondOrder(Function<List<Tensor>, Tensor> f, List<INDArray> inputs, long seed) {
        return secondOrder(f, inputs, seed, Tolerance.forType(inputs.get(0).dataType()));
    }

    /** Checks the gradient of x ↦ ⟨∇f(x), u⟩ (u seeded), i.e. Hessian-vector products of f. */
    public static Result secondOrder(Function<List<Tensor>, Tensor> f, List<INDArray> inputs, long seed, Tolerance tolerance) {
        List<INDArray> u = randomLike(inputs, seed ^ 0x5DEECE66DL);
        Function<List<Tensor>, Tensor> directional = xs -> {
            Tape tape = xs.get(0).tape();
            List<Tensor> grads = tape.grad(f.apply(xs), xs, GradOptions.higherOrder().withAllowUnused(true));
            Tensor total = null;
            for (int i = 0; i < grads.size(); i++) {
                Tensor term = grads.get(i).dot(Tensor.constant(u.get(i)));
                total = total == null ? term : total.add(term);
            }
            return total;
        };
        Result inner = firstOrder(directional, inputs, seed, tolerance);
        return new Result("second order", inner.analytic(), inner.numeric(), tolerance);
    }

    private static double evaluate(Function<List<Tensor>, Tensor> f, List<INDArray> inputs) {
        // Evaluated on a tape because the second-order check differentiates inside f.
        try (Tape tape = Tape.create()) {
            return f.apply(watchAll(tape, inputs)).item();
        }
    }

    private static List<Tensor> watchAll(Tape tape, List<INDArray> inputs) {
        List<Tensor> xs = new ArrayList<>();
        for (INDArray input : inputs) {
            xs.add(tape.watch(input));
        }
        return xs;
    }

    private static List<INDArray> shifted(List<INDArray> inputs, List<INDArray> direction, double step) {
        List<INDArray> out = new ArrayList<>();
        for (int i = 0; i < inputs.size(); i++) {
            out.add(inputs.get(i).add(direction.get(i).mul(step)));
        }
        return out;
    }

    private static double innerProduct(List<Tensor> a, List<INDArray> b) {
        double total = 0;
        for (int i = 0; i < a.size(); i++) {
            total += a.get(i).value().mul(b.get(i)).sumNumber().doubleValue();
        }
        return total;
    }

    /** Standard normal arrays shaped like {@code inputs}, reproducible from {@code seed}. */
    public static List<INDArray> randomLike(List<INDArray> inputs, long seed) {
        Random rng = Nd4j.getRandomFactory().getNewRandomInstance(seed);
        List<INDArray> out = new ArrayList<>();
        for (INDArray input : inputs) {
            out.add(Nd4j.randn(rng, input.shape()).castTo(input.dataType()));
        }
        return out;
    }
}
