package org.metagrad4j.linalg;

import org.nd4j.linalg.api.ndarray.INDArray;

/** A matrix known only through its products with vectors (matrix-free), e.g. {@code v ↦ v + H v / λ}. */
@FunctionalInterface
public interface LinearOperator {

    /** Returns {@code A · vector} as a new array of the vector's shape; must not modify {@code vector}. */
    INDArray apply(INDArray vector);

    /** The operator of an explicit square matrix (tests and small problems). */
    static LinearOperator ofMatrix(INDArray matrix) {
        return v -> matrix.mmul(v.reshape(v.length(), 1)).reshape(v.shape());
    }
}
