package org.metagrad4j.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.metagrad4j.autodiff.GradOptions;
import org.metagrad4j.autodiff.Tape;
import org.metagrad4j.autodiff.Tensor;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class LossesTest {

    private static INDArray labels(long... values) {
        return Nd4j.createFromArray(values);
    }

    @Test
    void crossEntropyMatchesHandComputation() {
        INDArray logits = Nd4j.createFromArray(new double[][] {{1, 2, 3}, {0.5, -1, 0}});
        double first = -(3 - Math.log(Math.exp(1) + Math.exp(2) + Math.exp(3)));
        double second = -(0.5 - Math.log(Math.exp(0.5) + Math.exp(-1) + Math.exp(0)));
        double loss = Losses.crossEntropy(Tensor.constant(logits), labels(2, 0)).item();
        assertEquals((first + second) / 2, loss, 1e-14);
    }

    @Test
    void crossEntropyIsPerTask() {
        INDArray logits = Nd4j.createFromArray(new double[][][] {{{1, 2, 3}, {0.5, -1, 0}}, {{0, 0, 0}, {2, 1, 0}}});
        INDArray taskLabels = Nd4j.createFromArray(new long[][] {{2, 0}, {1, 0}});
        INDArray loss = Losses.crossEntropy(Tensor.constant(logits), taskLabels).value();
        assertArrayEquals(new long[] {2}, loss.shape());
        for (int t = 0; t < 2; t++) {
            double single = Losses.crossEntropy(Tensor.constant(logits.get(org.nd4j.linalg.indexing.NDArrayIndex.point(t)).dup()),
                    taskLabels.get(org.nd4j.linalg.indexing.NDArrayIndex.point(t)).dup()).item();
            assertEquals(single, loss.getDouble(t), 1e-14);
        }
    }

    @Test
    void crossEntropyStableForLargeLogits() {
        INDArray logits = Nd4j.createFromArray(new double[][] {{1000, -1000, 0}, {1000, -1000, 0}});
        try (Tape tape = Tape.create()) {
            Tensor x = tape.watch(logits);
            Tensor loss = Losses.crossEntropy(x, labels(0, 1));
            // Example 0 is certain and right (loss ≈ 0); example 1 is certain and wrong (loss 2000).
            assertEquals(1000.0, loss.item(), 1e-9);
            INDArray gradient = tape.grad(loss, List.of(x), GradOptions.firstOrder()).get(0).value();
            assertTrue(Double.isFinite(gradient.sumNumber().doubleValue()), gradient.toString());
            // d/dlogits of mean NLL = (softmax − onehot) / n.
            assertEquals(0.0, gradient.getDouble(0, 0), 1e-12);
            assertEquals(0.5, gradient.getDouble(1, 0), 1e-12);
            assertEquals(-0.5, gradient.getDouble(1, 1), 1e-12);
        }
    }

    @Test
    void crossEntropyFloat32StableForLargeLogits() {
        INDArray logits = Nd4j.createFromArray(new float[][] {{-1000, 1000}});
        double loss = Losses.crossEntropy(Tensor.constant(logits), labels(1)).item();
        assertEquals(0.0, loss, 1e-6);
    }

    @Test
    void crossEntropyRejectsLabelOutOfRange() {
        INDArray logits = Nd4j.zeros(DataType.DOUBLE, 2, 3);
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> Losses.crossEntropy(Tensor.constant(logits), labels(0, 3)));
        assertTrue(error.getMessage().contains("label 3"), error.getMessage());
    }

    @Test
    void meanSquaredErrorByHand() {
        INDArray predictions = Nd4j.createFromArray(new double[][] {{1, 2}, {3, 4}});
        INDArray targets = Nd4j.createFromArray(new double[][] {{0, 2}, {1, 1}});
        double loss = Losses.meanSquaredError(Tensor.constant(predictions), targets).item();
        assertEquals((1 + 0 + 4 + 9) / 4.0, loss, 1e-14);
    }

    @Test
    void meanSquaredErrorPerTask() {
        INDArray predictions = Nd4j.createFromArray(new double[][][] {{{1}, {2}}, {{3}, {5}}});
        INDArray targets = Nd4j.zeros(DataType.DOUBLE, 2, 2, 1);
        INDArray loss = Losses.meanSquaredError(Tensor.constant(predictions), targets).value();
        assertArrayEquals(new double[] {2.5, 17.0}, loss.toDoubleVector(), 1e-14);
    }

    @Test
    void meanSquaredErrorRejectsShapeMismatch() {
        Tensor predictions = Tensor.constant(Nd4j.zeros(DataType.DOUBLE, 2, 1));
        INDArray targets = Nd4j.zeros(DataType.DOUBLE, 2);
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> Losses.meanSquaredError(predictions, targets));
        assertTrue(error.getMessage().contains("predictions [2, 1]"), error.getMessage());
        assertTrue(error.getMessage().contains("targets [2]"), error.getMessage());
    }

    @Test
    void accuracyCountsArgmaxHits() {
        INDArray logits = Nd4j.createFromArray(new double[][] {{0.1, 0.9}, {0.8, 0.2}, {0.3, 0.7}, {0.6, 0.4}});
        assertEquals(0.75, Losses.accuracy(logits, labels(1, 0, 0, 0)).getDouble(0), 1e-14);
    }

    @Test
    void accuracyPerTask() {
        INDArray logits = Nd4j.createFromArray(new double[][][] {{{0, 1}, {1, 0}}, {{0, 1}, {0, 1}}});
        INDArray taskLabels = Nd4j.createFromArray(new long[][] {{1, 0}, {0, 1}});
        assertArrayEquals(new double[] {1.0, 0.5}, Losses.accuracy(logits, taskLabels).toDoubleVector(), 1e-14);
    }
}
