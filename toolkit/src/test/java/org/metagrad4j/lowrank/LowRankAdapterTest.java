package org.metagrad4j.lowrank;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.metagrad4j.autodiff.Tensor;
import org.metagrad4j.estimators.ExactMaml;
import org.metagrad4j.estimators.FirstOrderMaml;
import org.metagrad4j.estimators.HessianVectorRecursion;
import org.metagrad4j.estimators.MetaGradientEstimator;
import org.metagrad4j.estimators.MetaProblem;
import org.metagrad4j.estimators.TaskData;
import org.metagrad4j.inner.InnerLoop;
import org.metagrad4j.nn.Activation;
import org.metagrad4j.nn.AttentionBlock;
import org.metagrad4j.nn.ConvNet;
import org.metagrad4j.nn.Initializers;
import org.metagrad4j.nn.Loss;
import org.metagrad4j.nn.Mlp;
import org.metagrad4j.nn.Module;
import org.metagrad4j.nn.Parameters;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import tech.tablesaw.api.Table;

/** The low-rank adapter: B = 0 keeps the base model, the task dimension, counts, meta-gradients and errors (float64). */
class LowRankAdapterTest {
    private static final int TASKS = 3;

    static Stream<Arguments> modules() {
        return Stream.of(
                Arguments.of("Mlp", Mlp.of(Activation.TANH, 4, 6, 5, 2), new long[] {5, 4}),
                Arguments.of("ConvNet", ConvNet.create(ConvNet.Config.omniglot(3).withFilters(4).withInput(1, 14, 14)),
                        new long[] {4, 1, 14, 14}),
                Arguments.of("AttentionBlock", AttentionBlock.create(AttentionBlock.Config.of(8, 12, 3)), new long[] {4, 5, 8}));
    }

    private static INDArray normal(long seed, long... shape) {
        return Nd4j.randn(Initializers.generator(seed), shape).castTo(DataType.DOUBLE);
    }

    private static long[] withTasks(long tasks, long[] shape) {
        long[] out = new long[shape.length + 1];
        out[0] = tasks;
        System.arraycopy(shape, 0, out, 1, shape.length);
        return out;
    }

    private static double maxAbsDifference(INDArray a, INDArray b) {
        return a.sub(b).amaxNumber().doubleValue();
    }

    /** Moves every factor and trainable parameter by seeded noise, so that B ≠ 0. */
    private static Parameters perturbed(Parameters parameters, long seed) {
        long[] next = {seed};
        return parameters.map(t -> Tensor.constant(t.value().add(normal(next[0]++, t.shape()).muli(0.3))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("modules")
    void zeroBKeepsOutputs(String label, Module base, long[] exampleShape) {
        Parameters baseParameters = base.initialize(DataType.DOUBLE, 1);
        LowRankAdapter adapter = LowRankAdapter.builder(base, baseParameters).rank(2).build();
        Parameters factors = adapter.initialize(DataType.DOUBLE, 2);
        INDArray x = normal(3, exampleShape);

        INDArray expected = base.forward(baseParameters, Tensor.constant(x)).value();
        INDArray actual = adapter.forward(factors, Tensor.constant(x)).value();

        assertArrayEquals(expected.shape(), actual.shape(), label + ": output shape");
        assertEquals(0.0, maxAbsDifference(expected, actual), 0.0, label + ": outputs with B = 0");
        assertTrue(factors.names().stream().allMatch(n -> n.endsWith(LowRankAdapter.A_SUFFIX) || n.endsWith(LowRankAdapter.B_SUFFIX)),
                label + ": only factors by default, got " + factors.names());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("modules")
    void batchedEqualsTaskLoop(String label, Module base, long[] exampleShape) {
        LowRankAdapter adapter = LowRankAdapter.builder(base, base.initialize(DataType.DOUBLE, 1)).rank(2).build();
        List<Parameters> sets = new ArrayList<>();
        for (int t = 0; t < TASKS; t++) {
            sets.add(perturbed(adapter.initialize(DataType.DOUBLE, 2), 10L * t + 5));
        }
        Parameters stacked = Parameters.empty();
        for (String name : sets.get(0).names()) {
            INDArray[] parts = sets.stream().map(p -> p.value(name)).toArray(INDArray[]::new);
            stacked = stacked.with(name, Tensor.constant(Nd4j.stack(0, parts)));
        }
        INDArray x = normal(4, withTasks(TASKS, exampleShape));

        INDArray batched = adapter.forward(stacked, Tensor.constant(x)).value();
        for (int t = 0; t < TASKS; t++) {
            INDArray single = adapter.forward(sets.get(t), Tensor.constant(x.get(NDArrayIndex.point(t)).dup('c'))).value();
            double difference = maxAbsDifference(single, batched.get(NDArrayIndex.point(t)));
            assertTrue(difference < 1e-12, label + ": task " + t + " differs from the batched output by " + difference);
        }
    }

    @Test
    void mergeEqualsForward() {
        Mlp base = Mlp.of(Activation.TANH, 4, 6, 5, 2);
        LowRankAdapter adapter = LowRankAdapter.builder(base, base.initialize(DataType.DOUBLE, 1)).rank(3).alpha(6)
                .trainable(base.headParameterNames()).build();
        Parameters parameters = perturbed(adapter.initialize(DataType.DOUBLE, 2), 9);
        INDArray x = normal(3, 5, 4);

        INDArray viaAdapter = adapter.forward(parameters, Tensor.constant(x)).value();
        INDArray viaMerged = base.forward(adapter.merge(parameters), Tensor.constant(x)).value();

        assertTrue(maxAbsDifference(viaAdapter, viaMerged) < 1e-12, "merged weights reproduce the adapter's outputs");
    }

    @Test
    void linearUpdateIsScaledProduct() {
        Mlp base = Mlp.of(Activation.TANH, 4, 6, 2);
        Parameters baseParameters = base.initialize(DataType.DOUBLE, 1);
        LowRankAdapter adapter = LowRankAdapter.builder(base, baseParameters).targets("hidden0.weight").rank(2).alpha(3).build();
        Parameters parameters = perturbed(adapter.initialize(DataType.DOUBLE, 2), 4);
        INDArray a = parameters.value("hidden0.weight.lora_A");
        INDArray b = parameters.value("hidden0.weight.lora_B");

        INDArray merged = adapter.merge(parameters).value("hidden0.weight");
        // W [out, in] = W₀ᵀ + (α/r)·B·A; the layer stores the transpose [in, out].
        INDArray expected = baseParameters.value("hidden0.weight").add(b.mmul(a).transpose().mul(1.5));

        assertArrayEquals(new long[] {2, 4}, a.shape(), "A is [r, n] = [r, in]");
        assertArrayEquals(new long[] {6, 2}, b.shape(), "B is [m, r] = [out, r]");
        assertTrue(maxAbsDifference(expected, merged) < 1e-12, "merged weight is W₀ + (α/r)(BA)ᵀ");
    }

    @Test
    void parameterCounts() {
        Mlp base = Mlp.of(Activation.RELU, 784, 128, 64, 5);
        LowRankAdapter adapter = LowRankAdapter.builder(base, base.initialize(DataType.FLOAT, 1))
                .targets("hidden0.weight", "hidden1.weight").trainable(base.headParameterNames()).rank(4).build();

        long expected = 4 * (784 + 128) + 4 * (128 + 64) + 64 * 5 + 5;
        Table table = adapter.parameterCountTable();

        assertEquals(784L * 128 + 128 + 128 * 64 + 64 + 64 * 5 + 5, adapter.denseParameterCount());
        assertEquals(expected, adapter.parameterCount());
        assertEquals(expected, adapter.initialize(DataType.FLOAT, 2).count());
        assertEquals(base.parameterShapes().size() + 1, table.rowCount(), "one row per base parameter plus the total");
        assertEquals("total", table.stringColumn("parameter").get(table.rowCount() - 1));
        assertEquals(expected, table.longColumn("adapter count").get(table.rowCount() - 1));
        assertEquals(adapter.denseParameterCount(), table.longColumn("dense count").get(table.rowCount() - 1));
        assertEquals("frozen", table.stringColumn("role").get(1), "hidden0.bias");
    }

    @Test
    void convolutionKernelCounts() {
        ConvNet base = ConvNet.create(ConvNet.Config.omniglot(5).withFilters(8).withInput(1, 14, 14));
        LowRankAdapter adapter = LowRankAdapter.builder(base, base.initialize(DataType.FLOAT, 1))
                .targets("conv1.weight").rank(2).build();

        assertArrayEquals(new long[] {2, 8 * 3 * 3}, adapter.parameterShapes().get("conv1.weight.lora_A"));
        assertArrayEquals(new long[] {8, 2}, adapter.parameterShapes().get("conv1.weight.lora_B"));
        assertEquals(2L * (8 + 72), adapter.parameterCount());
    }

    /** F(θ) on a fixed meta-batch: the mean query loss after the inner loop. */
    private static double metaObjective(MetaProblem problem, Parameters meta, TaskData tasks) {
        return new FirstOrderMaml().estimate(problem, meta, tasks).diagnostics().queryLossAfter();
    }

    @Test
    void metaGradientMatchesDifferences() {
        Mlp base = Mlp.of(Activation.TANH, 3, 8, 6, 2);
        LowRankAdapter adapter = LowRankAdapter.builder(base, base.initialize(DataType.DOUBLE, 1)).rank(2)
                .trainable("head.bias").build();
        InnerLoop inner = InnerLoop.builder().steps(3).stepSize(0.1).loss(Loss.meanSquaredError()).build();
        MetaProblem problem = MetaProblem.of(adapter, inner);
        TaskData tasks = new TaskData(normal(21, 2, 6, 3), normal(22, 2, 6, 2), normal(23, 2, 6, 3), normal(24, 2, 6, 2));
        Parameters meta = perturbed(adapter.initialize(DataType.DOUBLE, 2), 30);
        double h = 1e-5;

        for (MetaGradientEstimator estimator : List.of(ExactMaml.unrolled(), HessianVectorRecursion.exact())) {
            Parameters gradient = estimator.estimate(problem, meta, tasks).gradient();
            long seed = 40;
            for (String name : meta.names()) {
                INDArray direction = normal(seed++, meta.value(name).shape());
                double plus = metaObjective(problem, meta.with(name, Tensor.constant(meta.value(name).add(direction.mul(h)))), tasks);
                double minus = metaObjective(problem, meta.with(name, Tensor.constant(meta.value(name).sub(direction.mul(h)))), tasks);
                double numeric = (plus - minus) / (2 * h);
                double analytic = gradient.value(name).mul(direction).sumNumber().doubleValue();
                double scale = gradient.value(name).norm2Number().doubleValue() * direction.norm2Number().doubleValue();
                assertTrue(scale > 0, estimator.name() + ", '" + name + "': zero gradient");
                assertTrue(Math.abs(numeric - analytic) <= 1e-6 * scale, estimator.name() + ", '" + name + "': directional derivative "
                        + analytic + ", central difference " + numeric);
            }
        }
    }

    @Test
    void rankOutsideRangeRejected() {
        Mlp base = Mlp.of(Activation.TANH, 4, 6, 2);
        Parameters parameters = base.initialize(DataType.DOUBLE, 1);

        IllegalArgumentException zero = assertThrows(IllegalArgumentException.class,
                () -> LowRankAdapter.builder(base, parameters).targets("hidden0.weight").rank(0).build());
        IllegalArgumentException large = assertThrows(IllegalArgumentException.class,
                () -> LowRankAdapter.builder(base, parameters).targets("hidden0.weight").rank(5).build());

        assertTrue(zero.getMessage().contains("rank must be >= 1"), zero.getMessage());
        assertTrue(zero.getMessage().contains("got 0"), zero.getMessage());
        assertTrue(large.getMessage().contains("1..4"), large.getMessage());
        assertTrue(large.getMessage().contains("got 5"), large.getMessage());
    }

    @Test
    void unknownNamesListValidOnes() {
        Mlp base = Mlp.of(Activation.TANH, 4, 6, 2);
        Parameters parameters = base.initialize(DataType.DOUBLE, 1);

        IllegalArgumentException target = assertThrows(IllegalArgumentException.class,
                () -> LowRankAdapter.builder(base, parameters).targets("hidden9.weight").build());
        IllegalArgumentException trainable = assertThrows(IllegalArgumentException.class,
                () -> LowRankAdapter.builder(base, parameters).trainable("head.scale").build());
        IllegalArgumentException vector = assertThrows(IllegalArgumentException.class,
                () -> LowRankAdapter.builder(base, parameters).targets("head.bias").build());

        assertTrue(target.getMessage().contains("'hidden9.weight'"), target.getMessage());
        assertTrue(target.getMessage().contains("hidden0.weight"), target.getMessage());
        assertTrue(trainable.getMessage().contains("'head.scale'"), trainable.getMessage());
        assertTrue(trainable.getMessage().contains("head.bias"), trainable.getMessage());
        assertTrue(vector.getMessage().contains("head.bias"), vector.getMessage());
        assertTrue(vector.getMessage().contains("[in, out]"), vector.getMessage());
    }
}
