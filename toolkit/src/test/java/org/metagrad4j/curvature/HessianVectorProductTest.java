package org.metagrad4j.curvature;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.metagrad4j.autodiff.Tensor;
import org.metagrad4j.nn.AttentionBlock;
import org.metagrad4j.nn.ConvNet;
import org.metagrad4j.nn.Initializers;
import org.metagrad4j.nn.Losses;
import org.metagrad4j.nn.Module;
import org.metagrad4j.nn.Objective;
import org.metagrad4j.nn.Parameters;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The exact (double-backward) Hessian-vector product agrees with the central difference in float64. */
class HessianVectorProductTest {

    private static INDArray normal(long seed, long... shape) {
        return Nd4j.randn(Initializers.generator(seed), shape).castTo(DataType.DOUBLE);
    }

    private static INDArray labels(long seed, long classes, long count) {
        return Nd4j.rand(Initializers.generator(seed), count).castTo(DataType.DOUBLE).muli(classes).castTo(DataType.INT64);
    }

    private static Objective crossEntropy(Module module, INDArray inputs, INDArray labels) {
        return parameters -> Losses.crossEntropy(module.forward(parameters, Tensor.constant(inputs)), labels);
    }

    /** Draws a seeded unit-norm direction with the names and shapes of {@code point}. */
    private static Parameters unitDirection(Parameters point, long seed) {
        Parameters v = point.unflatten(normal(seed, point.count()));
        return v.scale(1.0 / v.norm()).detach();
    }

    /** ‖a − b‖ / ‖b‖. */
    private static double relativeError(Parameters a, Parameters b) {
        return a.sub(b).norm() / b.norm();
    }

    @Test
    void convNetExactMatchesCentralDifference() {
        ConvNet net = ConvNet.create(ConvNet.Config.omniglot(3).withFilters(8).withInput(1, 12, 12));
        Parameters point = net.initialize(DataType.DOUBLE, 1);
        Objective loss = crossEntropy(net, normal(2, 6, 1, 12, 12), labels(3, 3, 6));
        Parameters direction = unitDirection(point, 4);
        Parameters exact = HessianVectorProduct.exact(loss).apply(point, direction);
        // A small fixed step: a larger one may move a ReLU input across 0, where the gradient jumps.
        Parameters difference = HessianVectorProduct.centralDifference(loss, EpsilonPolicy.fixed(1e-6)).apply(point, direction);
        double error = relativeError(exact, difference);
        assertTrue(error < 1e-6, "relative error " + error);
    }

    @Test
    void attentionBlockExactMatchesCentralDifference() {
        AttentionBlock block = AttentionBlock.create(AttentionBlock.Config.of(8, 16, 3));
        Parameters point = block.initialize(DataType.DOUBLE, 1);
        Objective loss = crossEntropy(block, normal(2, 5, 4, 8), labels(3, 3, 5));
        Parameters direction = unitDirection(point, 4);
        Parameters exact = HessianVectorProduct.exact(loss).apply(point, direction);
        Parameters difference = HessianVectorProduct.centralDifference(loss, EpsilonPolicy.defaultFor(DataType.DOUBLE))
                .apply(point, direction);
        double error = relativeError(exact, difference);
        assertTrue(error < 1e-6, "relative error " + error);
    }
}
