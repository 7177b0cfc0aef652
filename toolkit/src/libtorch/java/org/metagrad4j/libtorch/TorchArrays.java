package org.metagrad4j.libtorch;

import org.bytedeco.javacpp.indexer.DoubleIndexer;
import org.bytedeco.pytorch.AbstractTensor;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.metagrad4j.nn.Parameters;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Copies between ND4J arrays and libtorch tensors. The copies are made through Java arrays, so
 * the two libraries never share memory. Call {@code toTensor} and {@code toTensors} outside any
 * {@link org.bytedeco.javacpp.PointerScope}, because they also run ND4J operations.
 */
public final class TorchArrays {
    private TorchArrays() {
    }

    /**
     * Copies an ND4J array into a new tensor of the given floating-point type.
     *
     * @param array the values, any order and data type
     * @param type  {@link DataType#DOUBLE} or {@link DataType#FLOAT}
     * @return a contiguous tensor of the array's shape
     */
    public static Tensor toTensor(INDArray array, DataType type) {
        INDArray copy = array.castTo(type).dup('c');
        long[] shape = array.shape();
        return switch (type) {
            case DOUBLE -> AbstractTensor.create(copy.data().asDouble(), shape);
            case FLOAT -> AbstractTensor.create(copy.data().asFloat(), shape);
            default -> throw new IllegalArgumentException("toTensor supports DOUBLE and FLOAT, got " + type);
        };
    }

    /**
     * Copies the model parameters into tensors, in the order of {@code parameters.names()}.
     *
     * @param type {@link DataType#DOUBLE} or {@link DataType#FLOAT}
     */
    public static Tensor[] toTensors(Parameters parameters, DataType type) {
        return parameters.names().stream().map(name -> toTensor(parameters.value(name), type)).toArray(Tensor[]::new);
    }

    /** Copies a tensor's values, in row-major order, as doubles. */
    public static double[] toDoubles(Tensor tensor) {
        Tensor values = tensor.detach().to(torch.ScalarType.Double).contiguous().reshape(-1);
        double[] out = new double[(int) values.numel()];
        DoubleIndexer indexer = values.createIndexer();
        indexer.get(0, out);
        return out;
    }
}
