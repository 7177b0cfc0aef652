package org.metagrad4j.nn;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.rng.Random;
import org.nd4j.linalg.factory.Nd4j;

/** Seeded parameter initialisation. */
public final class Initializers {
    private Initializers() {
    }

    /** A new random generator for {@code seed}; independent of ND4J's global generator. */
    public static Random generator(long seed) {
        // Model initialisation is often a program's first ND4J call: apply the threading settings first.
        org.metagrad4j.runtime.Nd4jRuntime.ensureConfigured();
        return Nd4j.getRandomFactory().getNewRandomInstance(seed);
    }

    /** Uniform on [−bound, bound], drawn in float64 and cast, so float32 and float64 models start alike. */
    public static INDArray uniform(Random rng, DataType type, double bound, long... shape) {
        return Nd4j.rand(rng, shape).castTo(DataType.DOUBLE).muli(2 * bound).subi(bound).castTo(type);
    }

    /** Kaiming-uniform for a layer with {@code fanIn} inputs: bound √(6 / fanIn), suited to ReLU networks. */
    public static INDArray kaimingUniform(Random rng, DataType type, long fanIn, long... shape) {
        return uniform(rng, type, Math.sqrt(6.0 / fanIn), shape);
    }
}
