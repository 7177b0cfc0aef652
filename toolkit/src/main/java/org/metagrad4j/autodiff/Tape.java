package org.metagrad4j.autodiff;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.metagrad4j.runtime.Nd4jRuntime;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A record of tensor operations for reverse-mode differentiation, with create-graph semantics.
 *
 * <p>A tape is an explicit object, never a global: tensors become differentiable through
 * {@link #watch(INDArray)}, every operation on a watched tensor is recorded on that tape, and
 * {@link #grad(Tensor, List, GradOptions)} differentiates a recorded output with respect to
 * recorded inputs. Backward rules are written with tensor operations, so with
 * {@link GradOptions.higherOrder()} the gradient is recorded too and can be differentiated again
 * (Hessian-vector products, exact MAML).
 *
 * <p>The tape counts the bytes of the arrays its operations save for backward (each array once,
 * however many operations save it) and keeps the peak: a deterministic memory figure for an
 * estimator. Closing the tape frees everything it retained. A tape is not thread-safe.
 */
public final class Tape implements AutoCloseable {
    private final List<Node> nodes = new ArrayList<>();
    private final Map<INDArray, Integer> savedCounts = new IdentityHashMap<>();
    private long retainedBytes;
    private long peakRetainedBytes;
    private boolean recording = true;
    private boolean closed;
    private boolean checkFinite;
    private boolean inBackward;

    private Tape() {
        Nd4jRuntime.ensureConfigured();
    }

    /** Creates an empty tape. */
    public static Tape create() {
        return new Tape();
    }

    /**
     * Turns on checking for NaN or infinity in every recorded operation's result and in every
     * backward result. A non-finite value then raises an {@link ArithmeticException} that names the
     * operation that produced it, or the operation whose backward rule produced a non-finite
     * gradient. Each check costs one reduction over the array, so enable it for debugging.
     *
     * @return this tape
     */
    public Tape checkFinite(boolean enabled) {
        this.checkFinite = enabled;
        return this;
    }

    /** Returns a differentiable leaf tensor for {@code value} on this tape. The array is not copied. */
    public Tensor watch(INDArray value) {
        ensureOpen("watch");
        Node node = new Node(this, nodes.size(), "leaf", null, value.shape(), null, null);
        nodes.add(node);
        return new Tensor(value, node);
    }

    /** Returns a differentiable leaf that starts a new graph from the value of {@code tensor}. */
    public Tensor watch(Tensor tensor) {
        return watch(tensor.value());
    }

    /** Returns whether operations on this tape's tensors are being recorded now. */
    public boolean isRecording() {
        return recording && !closed;
    }

    /** Bytes of the arrays currently saved for backward. */
    public long retainedBytes() {
        return retainedBytes;
    }

    /** Largest value {@link #retainedBytes()} has had since creation or the last {@link #resetPeak()}. */
    public long peakRetainedBytes() {
        return peakRetainedBytes;
    }

    /** Sets the peak to the current retained bytes. */
    public void resetPeak() {
        peakRetainedBytes = retainedBytes;
    }

    /** Number of recorded nodes (leaves included). */
    public int size() {
        return nodes.size();
    }

    /**
     * Runs {@code body} without recording: tensors it produces are constants. Used for parameter
     * updates that must not be differentiated (first-order estimators, evaluation).
     */
    public <T> T withoutRecording(java.util.function.Supplier<T> body) {
        boolean before = recording;
        recording = false;
        try {
            return body.get();
        } finally {
            recording = before;
        }
    }

    /** Gradient of a scalar output with respect to {@code inputs}; see {@link #grad(Tensor, Tensor, List, GradOptions)}. */
    public List<Tensor> grad(Tensor output, List<Tensor> inputs, GradOptions options) {
        if (output.value().length() != 1) {
            throw new IllegalArgumentException("grad: output must be a scalar without a seed gradient, got shape "
                    + Arrays.toString(output.shape()) + "; reduce it (sum or mean) or pass a seed of that shape");
        }
        return grad(output, null, inputs, options);
    }

    /** Gradient of a scalar output; {@code createGraph} chooses {@link GradOptions.higherOrder()} or first order. */
    public List<Tensor> grad(Tensor output, List<Tensor> inputs, boolean createGraph) {
        return grad(output, inputs, createGraph ? GradOptions.higherOrder() : GradOptions.firstOrder());
    }

    /**
     * Computes the vector-Jacobian product {@code seedᵀ ∂output/∂input} for each input.
     *
     * @param output  a tensor recorded on this tape
     * @param seed    gradient with respect to {@code output}, shaped like it; {@code null} means ones
     * @param inputs  tensors recorded on this tape (leaves or intermediate results)
     * @param options create-graph, retain-graph and allow-unused switches
     * @return one gradient per input, shaped like the input; tracked on this tape when {@code createGraph}
     * @throws IllegalArgumentException when the output does not depend on an input (unless allowed),
     *                                  or a tensor is not recorded on this tape
     * @throws IllegalStateException    when the graph was freed by an earlier first-order call
     */
    public List<Tensor> grad(Tensor output, Tensor seed, List<Tensor> inputs, GradOptions options) {
        ensureOpen("grad");
        if (output.node() == null || output.node().tape != this) {
            String why = output.isDetachedGradient()
                    ? "it is, or was computed from, a gradient taken with createGraph=false; pass GradOptions.higherOrder() "
                            + "to the call that computed that gradient to differentiate it again"
                    : "it is a constant (no watched tensor was involved in computing it)";
            throw new IllegalArgumentException("grad: the output is not recorded on this tape because " + why);
        }
        if (seed != null && !Arrays.equals(seed.shape(), output.shape())) {
            throw new IllegalArgumentException("grad: seed shape " + Arrays.toString(seed.shape())
                    + " differs from output shape " + Arrays.toString(output.shape()));
        }
        int outIndex = output.node().index;
        int lowest = outIndex;
        for (int i = 0; i < inputs.size(); i++) {
            Tensor input = inputs.get(i);
            if (input.node() == null || input.node().tape != this) {
                throw new IllegalArgumentException("grad: input #" + i + " (shape " + Arrays.toString(input.shape())
                        + ") is not recorded on this tape; watch it with tape.watch(...) before computing the output");
            }
            lowest = Math.min(lowest, input.node().index);
        }

        // Forward pass over the index range: a node matters when it is an input or has a parent that matters.
        int span = outIndex - lowest + 1;
        boolean[] dependsOnInput = new boolean[span];
        for (Tensor input : inputs) {
            if (input.node().index <= outIndex) {
                dependsOnInput[input.node().index - lowest] = true;
            }
        }
        for (int k = lowest; k <= outIndex; k++) {
            Node node = nodes.get(k);
            if (dependsOnInput[k - lowest] || node.isLeaf()) {
                continue;
            }
            for (Node parent : node.parents) {
                if (parent != null && parent.tape == this && parent.index >= lowest && dependsOnInput[parent.index - lowest]) {
                    dependsOnInput[k - lowest] = true;
                    break;
                }
            }
        }

        Tensor[] grads = new Tensor[span];
        grads[outIndex - lowest] = seed != null ? seed
                : new Tensor(Nd4j.ones(output.value().dataType(), output.shape()), null);
        boolean before = recording;
        boolean backwardBefore = inBackward;
        recording = options.createGraph();
        inBackward = true;
        List<Node> visited = new ArrayList<>();
        try {
            for (int k = outIndex; k >= lowest; k--) {
                Tensor upstream = grads[k - lowest];
                Node node = nodes.get(k);
                if (upstream == null || node.isLeaf() || !dependsOnInput[k - lowest]) {
                    continue;
                }
                if (node.freed) {
                    throw new IllegalStateException("grad: the graph through '" + node.operation
                            + "' was freed by an earlier grad(...) without createGraph or retainGraph; "
                            + "pass GradOptions.higherOrder() (or withRetainGraph(true)) to the first call to differentiate twice");
                }
                boolean[] needed = new boolean[node.parents.length];
                for (int p = 0; p < needed.length; p++) {
                    Node parent = node.parents[p];
                    needed[p] = parent != null && parent.tape == this && parent.index >= lowest
                            && dependsOnInput[parent.index - lowest];
                }
                Tensor[] parentGrads = node.backward.apply(upstream, needed);
                visited.add(node);
                for (int p = 0; p < needed.length; p++) {
                    if (!needed[p] || parentGrads[p] == null) {
                        continue;
                    }
                    Tensor contribution = parentGrads[p];
                    if (checkFinite) {
                        requireFinite(node, contribution);
                    }
                    int slot = node.parents[p].index - lowest;
                    grads[slot] = grads[slot] == null ? contribution : grads[slot].add(contribution);
                }
            }
        } finally {
            recording = before;
            inBackward = backwardBefore;
        }
        if (!options.createGraph() && !options.retainGraph()) {
            for (Node node : visited) {
                free(node);
            }
        }

        List<Tensor> result = new ArrayList<>(inputs.size());
        for (int i = 0; i < inputs.size(); i++) {
            Tensor input = inputs.get(i);
            int index = input.node().index;
            Tensor g = index <= outIndex ? grads[index - lowest] : null;
            if (g == null) {
                if (!options.allowUnused()) {
                    throw new IllegalArgumentException("grad: the output does not depend on input #" + i + " (shape "
                            + Arrays.toString(input.shape()) + "); pass GradOptions.withAllowUnused(true) to get zeros");
                }
                g = new Tensor(Nd4j.zeros(input.value().dataType(), input.shape()), null);
            }
            if (!options.createGraph()) {
                g = Tensor.detachedGradient(g.value());
            }
            result.add(g);
        }
        return result;
    }

    /** Frees every saved array and marks all nodes freed; the tape records nothing afterwards. */
    @Override
    public void close() {
        for (Node node : nodes) {
            free(node);
        }
        nodes.clear();
        savedCounts.clear();
        retainedBytes = 0;
        closed = true;
    }

    /** Returns whether {@link #close()} was called. */
    public boolean isClosed() {
        return closed;
    }

    @Override
    public String toString() {
        return "Tape[nodes=" + nodes.size() + ", retainedBytes=" + retainedBytes + ", peakRetainedBytes="
                + peakRetainedBytes + (closed ? ", closed" : "") + "]";
    }

    Tensor record(String operation, INDArray value, Tensor[] inputs, INDArray[] saved, Backward backward) {
        Node[] parents = new Node[inputs.length];
        for (int i = 0; i < inputs.length; i++) {
            Node node = inputs[i].node();
            if (node != null && node.tape == this) {
                parents[i] = node;
            }
        }
        if (checkFinite && !inBackward && !isFinite(value)) {
            // Inside a backward pass the check after each rule names the rule's operation instead.
            throw new ArithmeticException("non-finite value (NaN or infinity) produced by '" + operation + "' (output shape "
                    + Arrays.toString(value.shape()) + "); check the inputs of this operation");
        }
        Node node = new Node(this, nodes.size(), operation, parents, value.shape(), backward, saved);
        nodes.add(node);
        if (saved != null) {
            for (INDArray array : saved) {
                if (array != null && savedCounts.merge(array, 1, Integer::sum) == 1) {
                    retainedBytes += bytesOf(array);
                }
            }
            peakRetainedBytes = Math.max(peakRetainedBytes, retainedBytes);
        }
        return new Tensor(value, node);
    }

    static long bytesOf(INDArray array) {
        return array.length() * array.dataType().width();
    }

    private void free(Node node) {
        if (node.freed) {
            return;
        }
        node.freed = true;
        node.backward = null;
        if (node.saved != null) {
            for (INDArray array : node.saved) {
                if (array == null) {
                    continue;
                }
                Integer count = savedCounts.get(array);
                if (count == null) {
                    continue;
                }
                if (count == 1) {
                    savedCounts.remove(array);
                    retainedBytes -= bytesOf(array);
                } else {
                    savedCounts.put(array, count - 1);
                }
            }
            node.saved = null;
        }
    }

    private static boolean isFinite(INDArray value) {
        // A NaN or an infinity anywhere makes the sum non-finite, so one reduction checks the whole array.
        // NOTE: finite values large enough to overflow the sum are reported as non-finite too.
        return Double.isFinite(value.sumNumber().doubleValue());
    }

    private void requireFinite(Node node, Tensor gradient) {
        if (!isFinite(gradient.value())) {
            throw new ArithmeticException("non-finite gradient (NaN or infinity) produced by the backward rule of '"
                    + node.operation + "' (output shape " + Arrays.toString(node.shape) + ")");
        }
    }

    private void ensureOpen(String what) {
        if (closed) {
            throw new IllegalStateException(what + ": this tape is closed; create a new Tape");
        }
    }
}
