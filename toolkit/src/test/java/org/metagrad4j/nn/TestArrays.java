package org.metagrad4j.nn;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** Seeded float64 arrays and task stacking for the module tests. */
final class TestArrays {
    private TestArrays() {
    }

    static INDArray normal(long seed, long... shape) {
        return Nd4j.randn(Initializers.generator(seed), shape).castTo(DataType.DOUBLE);
    }

    /** Stacks per-task parameter sets along a new leading task axis. */
    static Parameters stack(List<Parameters> tasks) {
        Map<String, INDArray> stacked = new LinkedHashMap<>();
        for (String name : tasks.get(0).names()) {
            INDArray[] parts = tasks.stream().map(p -> p.value(name)).toArray(INDArray[]::new);
            stacked.put(name, Nd4j.stack(0, parts));
        }
        return Parameters.of(stacked);
    }

    /** Entry {@code t} of the leading axis, as a C-ordered copy. */
    static INDArray task(INDArray batched, long t) {
        return batched.get(NDArrayIndex.point(t)).dup('c');
    }

    /** Largest absolute element-wise difference. */
    static double maxAbsDifference(INDArray a, INDArray b) {
        return a.castTo(DataType.DOUBLE).sub(b.castTo(DataType.DOUBLE)).amaxNumber().doubleValue();
    }
}
