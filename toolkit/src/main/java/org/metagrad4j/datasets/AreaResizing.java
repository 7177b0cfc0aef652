package org.metagrad4j.datasets;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Resizes the images of a store once, by area averaging. Each output pixel is the mean of the
 * input area it covers, and input pixels that the area's edge cuts count by the covered fraction,
 * so 105 → 28 for Omniglot averages 3.75 × 3.75 input pixels per output pixel. The work is done by
 * libnd4j's {@code resize_area} op, which follows TensorFlow's {@code tf.image.resize} with
 * {@code method="area"}.
 */
final class AreaResizing {

    private AreaResizing() {
    }

    /**
     * Returns a store with every example resized to {@code height × width}.
     *
     * <p>Byte and bit stores give a byte store: a binary store's means in [0, 1] are rounded to
     * steps of 1/255, as when resizing an 8-bit greyscale image, and a byte store keeps its scale.
     * Other stores give a double store, with float32 precision because the op computes in float32.
     */
    static ExampleStore resize(ExampleStore store, int channels, int inputHeight, int inputWidth, int height, int width) {
        int outputSize = channels * height * width;
        int classes = store.classCount();
        boolean toBytes = store instanceof ByteExampleStore || store instanceof BitExampleStore;
        double scale = store instanceof ByteExampleStore bytes ? bytes.scale() : 1.0 / 255.0;
        byte[][] bytesByClass = new byte[classes][];
        double[][] doublesByClass = new double[classes][];
        for (int c = 0; c < classes; c++) {
            double[] resized = resizeClass(store, c, channels, inputHeight, inputWidth, height, width);
            if (toBytes) {
                byte[] quantized = new byte[resized.length];
                for (int i = 0; i < resized.length; i++) {
                    long level = Math.round(resized[i] / scale);
                    quantized[i] = (byte) Math.max(0, Math.min(255, level));
                }
                bytesByClass[c] = quantized;
            } else {
                doublesByClass[c] = resized;
            }
        }
        return toBytes ? new ByteExampleStore(bytesByClass, outputSize, scale) : new DoubleExampleStore(doublesByClass, outputSize);
    }

    /**
     * Returns the resized examples of one class, channel-first, back to back.
     *
     * <p>NOTE: with one op call per class, loading Omniglot and resizing its 803 training
     * characters (16,060 images) took about 10 s on a 2-core machine (OmniglotEpisodesTest);
     * batching several classes per call may be faster, which is not yet measured.
     */
    private static double[] resizeClass(ExampleStore store, int classIndex, int channels, int inputHeight, int inputWidth,
                                        int height, int width) {
        int count = store.exampleCount(classIndex);
        int inputSize = store.exampleSize();
        double[] values = new double[count * inputSize];
        for (int e = 0; e < count; e++) {
            store.read(classIndex, e, values, e * inputSize);
        }
        // The op takes images as [n, height, width, channels]; the toolkit keeps [n, channels, height, width].
        INDArray images = Nd4j.create(values, new long[] {count, channels, inputHeight, inputWidth}, DataType.DOUBLE)
                .permute(0, 2, 3, 1).dup('c');
        // libnd4j 1.0.0-M2.1's resize_area accepts only a FLOAT output, so resized values carry float32 precision.
        INDArray output = Nd4j.create(DataType.FLOAT, count, height, width, channels);
        Nd4j.exec(DynamicCustomOp.builder("resize_area")
                .addInputs(images, Nd4j.createFromArray(height, width))
                .addOutputs(output)
                .addBooleanArguments(false)
                .build());
        return output.permute(0, 3, 1, 2).dup('c').data().asDouble();
    }
}
