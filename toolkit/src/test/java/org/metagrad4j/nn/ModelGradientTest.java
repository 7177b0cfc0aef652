package org.metagrad4j.nn;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.metagrad4j.autodiff.GradientCheck;
import org.metagrad4j.autodiff.Tensor;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * First- and second-order gradient checks of the cross-entropy loss of the convolutional network
 * and the attention block, in float64, with central differences along a seeded direction. Each
 * check covers all parameters at once, for a single task and for per-task parameters.
 */
class ModelGradientTest {

    private static INDArray labels(long seed, long classes, long... shape) {
        INDArray uniform = Nd4j.rand(Initializers.generator(seed), shape).castTo(DataType.DOUBLE);
        return uniform.muli(classes).castTo(DataType.INT64);
    }

    /** The loss as a function of the parameter list, in the module's parameter order. */
    private static Function<List<Tensor>, Tensor> lossOf(Module module, List<String> names, INDArray inputs, INDArray labels) {
        return tensors -> {
            LinkedHashMap<String, Tensor> map = new LinkedHashMap<>();
            for (int i = 0; i < names.size(); i++) {
                map.put(names.get(i), tensors.get(i));
            }
            Tensor logits = module.forward(Parameters.ofTensors(map), Tensor.constant(inputs));
            return Losses.crossEntropy(logits, labels).sum();
        };
    }

    private static void check(Module module, Parameters parameters, INDArray inputs, INDArray labels) {
        List<String> names = parameters.names();
        List<INDArray> values = List.copyOf(parameters.values().values());
        Function<List<Tensor>, Tensor> loss = lossOf(module, names, inputs, labels);
        GradientCheck.Result first = GradientCheck.firstOrder(loss, values, 17);
        assertTrue(first.passed(), module + " " + first);
        GradientCheck.Result second = GradientCheck.secondOrder(loss, values, 19);
        assertTrue(second.passed(), module + " " + second);
    }

    private static ConvNet smallConvNet() {
        return ConvNet.create(ConvNet.Config.omniglot(3).withFilters(8).withInput(1, 12, 12));
    }

    @Test
    void convNetSingleTask() {
        ConvNet net = smallConvNet();
        check(net, net.initialize(DataType.DOUBLE, 1), TestArrays.normal(2, 6, 1, 12, 12), labels(3, 3, 6));
    }

    @Test
    void convNetPerTaskParameters() {
        ConvNet net = smallConvNet();
        Parameters stacked = TestArrays.stack(List.of(net.initialize(DataType.DOUBLE, 1), net.initialize(DataType.DOUBLE, 2)));
        check(net, stacked, TestArrays.normal(4, 2, 4, 1, 12, 12), labels(5, 3, 2, 4));
    }

    @Test
    void convNetOmniglotSize() {
        ConvNet net = ConvNet.create(ConvNet.Config.omniglot(5).withFilters(4));
        check(net, net.initialize(DataType.DOUBLE, 1), TestArrays.normal(6, 5, 1, 28, 28), labels(7, 5, 5));
    }

    @Test
    void attentionBlockSingleTask() {
        AttentionBlock block = AttentionBlock.create(AttentionBlock.Config.of(6, 10, 3));
        check(block, block.initialize(DataType.DOUBLE, 1), TestArrays.normal(2, 4, 5, 6), labels(3, 3, 4));
    }

    @Test
    void attentionBlockPerTaskParameters() {
        AttentionBlock block = AttentionBlock.create(AttentionBlock.Config.of(6, 10, 3));
        Parameters stacked = TestArrays.stack(List.of(block.initialize(DataType.DOUBLE, 1), block.initialize(DataType.DOUBLE, 2)));
        check(block, stacked, TestArrays.normal(4, 2, 3, 5, 6), labels(5, 3, 2, 3));
    }
}
