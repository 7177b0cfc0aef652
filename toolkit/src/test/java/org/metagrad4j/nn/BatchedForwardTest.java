package org.metagrad4j.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.metagrad4j.autodiff.Tensor;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Batched evaluation ([T, ...] parameters, [T, n, ...] inputs) equals the loop over tasks, for
 * every module, including per-task normalisation statistics.
 */
class BatchedForwardTest {
    private static final int TASKS = 3;
    private static final double TOLERANCE = 1e-12;

    static Stream<Arguments> modules() {
        return Stream.of(
                Arguments.of("Linear", new Linear("layer", 4, 3), new long[] {5, 4}),
                Arguments.of("Mlp", Mlp.of(Activation.TANH, 4, 6, 6, 2), new long[] {5, 4}),
                Arguments.of("Mlp on images", Mlp.of(Activation.RELU, 12, 5, 2).withExampleRank(3), new long[] {5, 1, 3, 4}),
                Arguments.of("Conv2d", new Conv2d("conv", 2, 3, 3, 2, 1), new long[] {4, 2, 7, 6}),
                Arguments.of("BatchNorm2d", new BatchNorm2d("norm", 3), new long[] {4, 3, 5, 5}),
                Arguments.of("LayerNorm", new LayerNorm("norm", 6, 2, 1e-5), new long[] {4, 3, 6}),
                Arguments.of("ConvNet", ConvNet.create(ConvNet.Config.omniglot(5).withFilters(4).withInput(1, 14, 14)),
                        new long[] {4, 1, 14, 14}),
                Arguments.of("AttentionBlock", AttentionBlock.create(AttentionBlock.Config.of(8, 12, 3)), new long[] {4, 5, 8}));
    }

    /** T different parameter sets, with the normalisation scales moved away from 1 so they matter. */
    private static List<Parameters> perTaskParameters(Module module) {
        List<Parameters> sets = new ArrayList<>();
        for (int t = 0; t < TASKS; t++) {
            Parameters p = module.initialize(DataType.DOUBLE, 100 + t);
            long seed = 200 + t;
            Parameters noise = p.map(x -> Tensor.constant(TestArrays.normal(seed, x.shape()).muli(0.1)));
            sets.add(p.add(noise));
        }
        return sets;
    }

    private static INDArray inputs(long[] exampleShape) {
        long[] shape = new long[exampleShape.length + 1];
        shape[0] = TASKS;
        System.arraycopy(exampleShape, 0, shape, 1, exampleShape.length);
        return TestArrays.normal(7, shape);
    }

    private static void assertClose(String label, INDArray expected, INDArray actual) {
        assertArrayEquals(expected.shape(), actual.shape(), label + ": shape");
        double difference = TestArrays.maxAbsDifference(expected, actual);
        assertTrue(difference < TOLERANCE, label + ": max |difference| " + difference);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("modules")
    void perTaskParametersAndInputs(String name, Module module, long[] exampleShape) {
        List<Parameters> sets = perTaskParameters(module);
        INDArray x = inputs(exampleShape);
        INDArray batched = module.forward(TestArrays.stack(sets), Tensor.constant(x)).value();
        INDArray[] loop = new INDArray[TASKS];
        for (int t = 0; t < TASKS; t++) {
            loop[t] = module.forward(sets.get(t), Tensor.constant(TestArrays.task(x, t))).value();
        }
        assertClose(name, Nd4j.stack(0, loop), batched);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("modules")
    void sharedParametersBatchedInputs(String name, Module module, long[] exampleShape) {
        Parameters shared = perTaskParameters(module).get(0);
        INDArray x = inputs(exampleShape);
        INDArray batched = module.forward(shared, Tensor.constant(x)).value();
        INDArray[] loop = new INDArray[TASKS];
        for (int t = 0; t < TASKS; t++) {
            loop[t] = module.forward(shared, Tensor.constant(TestArrays.task(x, t))).value();
        }
        assertClose(name, Nd4j.stack(0, loop), batched);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("modules")
    void perTaskParametersSharedInput(String name, Module module, long[] exampleShape) {
        List<Parameters> sets = perTaskParameters(module);
        INDArray x = TestArrays.task(inputs(exampleShape), 0);
        INDArray batched = module.forward(TestArrays.stack(sets), Tensor.constant(x)).value();
        INDArray[] loop = new INDArray[TASKS];
        for (int t = 0; t < TASKS; t++) {
            loop[t] = module.forward(sets.get(t), Tensor.constant(x)).value();
        }
        assertClose(name, Nd4j.stack(0, loop), batched);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("modules")
    void perTaskLastLayerOnly(String name, Module module, long[] exampleShape) {
        // ANIL-style: the body is shared and only the last-named parameters carry a task axis.
        List<Parameters> sets = perTaskParameters(module);
        List<String> names = sets.get(0).names();
        List<String> lastTwo = names.subList(names.size() - 2, names.size());
        Parameters body = sets.get(0).select(n -> !lastTwo.contains(n));
        Parameters mixed = body.merge(TestArrays.stack(sets.stream().map(p -> p.select(lastTwo)).toList()));
        INDArray x = TestArrays.task(inputs(exampleShape), 0);
        INDArray batched = module.forward(mixed, Tensor.constant(x)).value();
        INDArray[] loop = new INDArray[TASKS];
        for (int t = 0; t < TASKS; t++) {
            loop[t] = module.forward(body.merge(sets.get(t).select(lastTwo)), Tensor.constant(x)).value();
        }
        assertClose(name, Nd4j.stack(0, loop), batched);
    }
}
