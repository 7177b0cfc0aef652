package org.metagrad4j.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.metagrad4j.autodiff.Tensor;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class Conv2dTest {

    /** Cross-correlation by definition: out[i, o, y, x] = b[o] + Σ w[o, c, u, v] · in[i, c, y·s + u − p, x·s + v − p]. */
    private static INDArray directConvolution(INDArray input, INDArray weight, INDArray bias, int stride, int padding) {
        long n = input.size(0);
        long channels = input.size(1);
        long height = input.size(2);
        long width = input.size(3);
        long filters = weight.size(0);
        long kernel = weight.size(2);
        long oh = (height + 2L * padding - kernel) / stride + 1;
        long ow = (width + 2L * padding - kernel) / stride + 1;
        INDArray out = Nd4j.zeros(DataType.DOUBLE, n, filters, oh, ow);
        for (long i = 0; i < n; i++) {
            for (long o = 0; o < filters; o++) {
                for (long y = 0; y < oh; y++) {
                    for (long x = 0; x < ow; x++) {
                        double total = bias.getDouble(o);
                        for (long c = 0; c < channels; c++) {
                            for (long u = 0; u < kernel; u++) {
                                for (long v = 0; v < kernel; v++) {
                                    long row = y * stride + u - padding;
                                    long column = x * stride + v - padding;
                                    if (row >= 0 && row < height && column >= 0 && column < width) {
                                        total += weight.getDouble(o, c, u, v) * input.getDouble(i, c, row, column);
                                    }
                                }
                            }
                        }
                        out.putScalar(new long[] {i, o, y, x}, total);
                    }
                }
            }
        }
        return out;
    }

    @Test
    void matchesDirectConvolution() {
        int[][] settings = {{3, 2, 1}, {3, 1, 0}, {3, 1, 1}, {2, 2, 0}, {1, 1, 0}};
        for (int[] setting : settings) {
            int kernel = setting[0];
            int stride = setting[1];
            int padding = setting[2];
            Conv2d conv = new Conv2d("conv", 2, 3, kernel, stride, padding);
            Parameters parameters = conv.initialize(DataType.DOUBLE, 5);
            INDArray input = TestArrays.normal(1, 2, 2, 5, 6);
            INDArray actual = conv.forward(parameters, Tensor.constant(input)).value();
            INDArray expected = directConvolution(input, parameters.value("conv.weight"), parameters.value("conv.bias"),
                    stride, padding);
            String label = "kernel " + kernel + ", stride " + stride + ", padding " + padding;
            assertArrayEquals(expected.shape(), actual.shape(), label);
            assertTrue(TestArrays.maxAbsDifference(expected, actual) < 1e-12, label);
        }
    }

    @Test
    void outputSizeFollowsFormula() {
        Conv2d conv = new Conv2d("conv", 1, 4, 3, 2, 1);
        assertEquals(14, conv.outputSize(28));
        assertEquals(7, conv.outputSize(14));
        assertEquals(4, conv.outputSize(7));
        assertEquals(2, conv.outputSize(4));
    }

    @Test
    void parameterShapesAndNames() {
        Conv2d conv = new Conv2d("features", 3, 8, 3, 1, 1);
        Parameters parameters = conv.initialize(DataType.FLOAT, 1);
        assertEquals(java.util.List.of("features.weight", "features.bias"), parameters.names());
        assertArrayEquals(new long[] {8, 3, 3, 3}, parameters.get("features.weight").shape());
        assertArrayEquals(new long[] {8}, parameters.get("features.bias").shape());
        assertEquals(DataType.FLOAT, parameters.dataType());
    }

    @Test
    void initializationIsSeeded() {
        Conv2d conv = new Conv2d("conv", 2, 4, 3, 1, 1);
        INDArray first = conv.initialize(DataType.DOUBLE, 3).flatten();
        assertEquals(first, conv.initialize(DataType.DOUBLE, 3).flatten());
        assertTrue(TestArrays.maxAbsDifference(first, conv.initialize(DataType.DOUBLE, 4).flatten()) > 0);
    }

    @Test
    void wrongChannelCountNamesShapes() {
        Conv2d conv = new Conv2d("conv", 2, 3, 3, 1, 1);
        Parameters parameters = conv.initialize(DataType.DOUBLE, 1);
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> conv.forward(parameters, Tensor.constant(TestArrays.normal(1, 4, 3, 5, 5))));
        assertTrue(error.getMessage().contains("3 channels"), error.getMessage());
        assertTrue(error.getMessage().contains("expected 2"), error.getMessage());
    }

    @Test
    void mismatchedTaskCountsRaise() {
        Conv2d conv = new Conv2d("conv", 1, 2, 3, 1, 1);
        Parameters shared = conv.initialize(DataType.DOUBLE, 1);
        Parameters perTask = shared.broadcastTasks(3);
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> conv.forward(perTask, Tensor.constant(TestArrays.normal(1, 2, 4, 1, 5, 5))));
        assertTrue(error.getMessage().contains("task dimensions differ"), error.getMessage());
    }
}
