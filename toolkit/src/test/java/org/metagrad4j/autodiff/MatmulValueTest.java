package org.metagrad4j.autodiff;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Products with a size-1 inner, row or column dimension, which bypass ND4J's matmul, against ND4J's matmul. */
class MatmulValueTest {

    static Stream<Arguments> shapes() {
        Stream.Builder<Arguments> cases = Stream.builder();
        long[][] sizes = {{10, 1, 40}, {10, 40, 1}, {1, 10, 40}, {1, 1, 1}, {1, 7, 1}, {5, 3, 4}};
        for (long[] nkm : sizes) {
            for (int batch : new int[] {0, 3}) {
                for (boolean ta : new boolean[] {false, true}) {
                    for (boolean tb : new boolean[] {false, true}) {
                        cases.add(Arguments.of(nkm[0], nkm[1], nkm[2], batch, ta, tb));
                    }
                }
            }
        }
        return cases.build();
    }

    private static long[] shape(int batch, long rows, long columns, boolean transposed) {
        long r = transposed ? columns : rows;
        long c = transposed ? rows : columns;
        return batch == 0 ? new long[] {r, c} : new long[] {batch, r, c};
    }

    @ParameterizedTest(name = "n={0} k={1} m={2} batch={3} ta={4} tb={5}")
    @MethodSource("shapes")
    void equalsNd4jMatmul(long n, long k, long m, int batch, boolean ta, boolean tb) {
        Nd4j.getRandom().setSeed(n * 100 + k * 10 + m);
        INDArray a = Nd4j.rand(DataType.DOUBLE, shape(batch, n, k, ta)).subi(0.5);
        INDArray b = Nd4j.rand(DataType.DOUBLE, shape(batch, k, m, tb)).subi(0.5);
        long[] outShape = batch == 0 ? new long[] {n, m} : new long[] {batch, n, m};
        INDArray expected = Nd4j.matmul(a, b, null, ta, tb, false);
        INDArray actual = MatmulOps.value(a, b, ta, tb, k, outShape);
        assertArrayEquals(expected.shape(), actual.shape());
        assertTrue(expected.equalsWithEps(actual, 1e-12), "expected " + expected + " got " + actual);
    }
}
