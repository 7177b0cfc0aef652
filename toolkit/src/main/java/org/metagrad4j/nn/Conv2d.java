package org.metagrad4j.nn;

import java.util.Arrays;
import java.util.LinkedHashMap;
import org.metagrad4j.autodiff.Tensor;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.rng.Random;

/**
 * A 2-D convolution (cross-correlation, as in PyTorch and ND4J) with weights
 * {@code <prefix>.weight: [out, in, kh, kw]} and bias {@code <prefix>.bias: [out]}.
 *
 * <p>Inputs are {@code [n, in, H, W]} or {@code [T, n, in, H, W]}; outputs are
 * {@code [n, out, oh, ow]} or {@code [T, n, out, oh, ow]} with {@code oh = (H + 2·padding − kh) / stride + 1}
 * (rounded down) and likewise {@code ow}. Parameters may carry a leading task dimension
 * ({@code [T, out, in, kh, kw]}, {@code [T, out]}); then task {@code t} is convolved with its own
 * kernel through one batched matrix product.
 *
 * <p>The layer unfolds patches with {@link Tensor#im2col} and multiplies by the kernel viewed as
 * an {@code [out, in·kh·kw]} matrix, so it differentiates to any order.
 */
public final class Conv2d implements Module {
    private final String prefix;
    private final long inChannels;
    private final long outChannels;
    private final int kernelSize;
    private final int stride;
    private final int padding;

    /**
     * Creates a square-kernel convolution.
     *
     * @param prefix      name prefix of the two parameters
     * @param inChannels  input channels, > 0
     * @param outChannels output channels (filters), > 0
     * @param kernelSize  kernel height and width, > 0
     * @param stride      step between patches along both axes, > 0
     * @param padding     zeros added on each side of both axes, >= 0
     */
    public Conv2d(String prefix, long inChannels, long outChannels, int kernelSize, int stride, int padding) {
        if (inChannels <= 0 || outChannels <= 0) {
            throw new IllegalArgumentException("Conv2d '" + prefix + "': channel counts must be > 0, got inChannels="
                    + inChannels + ", outChannels=" + outChannels);
        }
        if (kernelSize <= 0 || stride <= 0 || padding < 0) {
            throw new IllegalArgumentException("Conv2d '" + prefix + "': kernelSize and stride must be > 0 and padding >= 0, got kernelSize="
                    + kernelSize + ", stride=" + stride + ", padding=" + padding);
        }
        this.prefix = prefix;
        this.inChannels = inChannels;
        this.outChannels = outChannels;
        this.kernelSize = kernelSize;
        this.stride = stride;
        this.padding = padding;
    }

    public String weightName() {
        return prefix + ".weight";
    }

    public String biasName() {
        return prefix + ".bias";
    }

    public long inChannels() {
        return inChannels;
    }

    public long outChannels() {
        return outChannels;
    }

    public int kernelSize() {
        return kernelSize;
    }

    public int stride() {
        return stride;
    }

    public int padding() {
        return padding;
    }

    /** Output height (or width) for an input height (or width) {@code size}. */
    public long outputSize(long size) {
        if (size + 2L * padding < kernelSize) {
            throw new IllegalArgumentException("Conv2d '" + prefix + "': kernel " + kernelSize + " does not fit an input of size "
                    + size + " with padding " + padding);
        }
        return (size + 2L * padding - kernelSize) / stride + 1;
    }

    @Override
    public LinkedHashMap<String, long[]> parameterShapes() {
        LinkedHashMap<String, long[]> shapes = new LinkedHashMap<>();
        shapes.put(weightName(), new long[] {outChannels, inChannels, kernelSize, kernelSize});
        shapes.put(biasName(), new long[] {outChannels});
        return shapes;
    }

    @Override
    public int exampleRank() {
        return 3;
    }

    /** Kaiming-uniform weights (fan-in {@code in·kh·kw}) and biases uniform on ±1/√fan-in. */
    @Override
    public Parameters initialize(DataType type, long seed) {
        return initialize(type, Initializers.generator(seed));
    }

    Parameters initialize(DataType type, Random rng) {
        long fanIn = inChannels * kernelSize * kernelSize;
        LinkedHashMap<String, Tensor> map = new LinkedHashMap<>();
        map.put(weightName(), Tensor.constant(
                Initializers.kaimingUniform(rng, type, fanIn, outChannels, inChannels, kernelSize, kernelSize)));
        map.put(biasName(), Tensor.constant(Initializers.uniform(rng, type, 1.0 / Math.sqrt(fanIn), outChannels)));
        return Parameters.ofTensors(map);
    }

    @Override
    public Tensor forward(Parameters parameters, Tensor input) {
        requireParameters(parameters);
        boolean batchedInput = isBatchedInput(input);
        long[] s = input.shape();
        int channelAxis = batchedInput ? 2 : 1;
        if (s[channelAxis] != inChannels) {
            throw new IllegalArgumentException("Conv2d '" + prefix + "': input has " + s[channelAxis] + " channels (shape "
                    + Arrays.toString(s) + "), expected " + inChannels);
        }
        Tensor weight = parameters.get(weightName());
        Tensor bias = parameters.get(biasName());
        boolean taskWeight = weight.rank() == 5;
        boolean taskBias = bias.rank() == 2;
        long tasks = TaskDimension.count("Conv2d '" + prefix + "'",
                new String[] {"input", weightName(), biasName()},
                batchedInput ? input.size(0) : 0, taskWeight ? weight.size(0) : 0, taskBias ? bias.size(0) : 0);

        long height = s[channelAxis + 1];
        long width = s[channelAxis + 2];
        long oh = outputSize(height);
        long ow = outputSize(width);
        long perTask = batchedInput ? s[1] : s[0];
        long images = batchedInput ? s[0] * s[1] : s[0];
        long patch = inChannels * kernelSize * kernelSize;
        long pixels = oh * ow;

        // [images, in, kh, kw, oh, ow] read as [images, patch, pixels], then patch-major: [patch, images·pixels].
        Tensor cols = input.reshape(images, inChannels, height, width)
                .im2col(kernelSize, kernelSize, stride, stride, padding, padding)
                .reshape(images, patch, pixels);

        Tensor out;
        if (!taskWeight) {
            // One kernel for every image: [out, patch]·[patch, images·pixels].
            Tensor columns = cols.permute(1, 0, 2).reshape(patch, images * pixels);
            Tensor product = weight.reshape(outChannels, patch).matmul(columns);
            out = product.reshape(outChannels, images, pixels).permute(1, 0, 2);
        } else {
            // One kernel per task: [T, out, patch]·[T, patch, n·pixels], a rank-3 batched product.
            Tensor columns;
            if (batchedInput) {
                columns = cols.reshape(tasks, perTask, patch, pixels).permute(0, 2, 1, 3).reshape(tasks, patch, perTask * pixels);
            } else {
                columns = cols.permute(1, 0, 2).reshape(1, patch, perTask * pixels).broadcastTo(tasks, patch, perTask * pixels);
            }
            Tensor product = weight.reshape(tasks, outChannels, patch).matmul(columns);
            out = product.reshape(tasks, outChannels, perTask, pixels).permute(0, 2, 1, 3);
        }

        if (batchedInput || taskWeight) {
            out = out.reshape(tasks, perTask, outChannels, oh, ow);
        } else {
            out = out.reshape(perTask, outChannels, oh, ow);
        }
        // A per-task bias [T, out] also lifts an unbatched output to [T, n, out, oh, ow] by broadcasting.
        bias = taskBias ? bias.reshape(tasks, 1, outChannels, 1, 1) : bias.reshape(outChannels, 1, 1);
        return out.add(bias);
    }

    @Override
    public String toString() {
        return "Conv2d[" + prefix + ": " + inChannels + " -> " + outChannels + ", kernel " + kernelSize + "x" + kernelSize
                + ", stride " + stride + ", padding " + padding + "]";
    }
}
