package org.metagrad4j.nn;

import java.util.LinkedHashMap;
import java.util.Map;
import org.metagrad4j.autodiff.Tensor;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * A model as a pure function of an explicit parameter set.
 *
 * <p>Task dimension: {@link #forward} accepts inputs {@code [n, ...]} or {@code [T, n, ...]} and
 * parameters with or without a leading task dimension {@code [T, ...]}; when either is batched,
 * the output is {@code [T, n, ...]} and task {@code t} uses its own parameter slice, so a
 * meta-batch runs as one batched computation equal to the per-task loop. Both forms are required:
 * estimators run the inner loop on per-task parameters and evaluate the query loss before
 * adaptation at the shared parameters with a batched input.
 */
public interface Module {

    /** Names and shapes of the parameters of one task (no task dimension), in order. */
    LinkedHashMap<String, long[]> parameterShapes();

    /** Rank of one example, e.g. 1 for feature vectors, 3 for images {@code [C, H, W]}. */
    int exampleRank();

    /** Seeded initial parameters of the given data type. */
    Parameters initialize(DataType type, long seed);

    /** Evaluates the model; see the class comment for the shapes accepted. */
    Tensor forward(Parameters parameters, Tensor input);

    /** Number of scalar parameters of one task. */
    default long parameterCount() {
        long total = 0;
        for (long[] shape : parameterShapes().values()) {
            long n = 1;
            for (long s : shape) {
                n *= s;
            }
            total += n;
        }
        return total;
    }

    /** Returns whether {@code input} carries a task dimension for this module. */
    default boolean isBatchedInput(Tensor input) {
        int r = input.rank();
        if (r == exampleRank() + 1) {
            return false;
        }
        if (r == exampleRank() + 2) {
            return true;
        }
        throw new IllegalArgumentException(getClass().getSimpleName() + ": input of shape " + java.util.Arrays.toString(input.shape())
                + " has rank " + r + "; expected " + (exampleRank() + 1) + " ([n, ...]) or " + (exampleRank() + 2)
                + " ([T, n, ...])");
    }

    /** Validates that every expected parameter is present with the per-task shape, optionally with a task dimension. */
    default void requireParameters(Parameters parameters) {
        for (Map.Entry<String, long[]> e : parameterShapes().entrySet()) {
            if (!parameters.contains(e.getKey())) {
                throw new IllegalArgumentException(getClass().getSimpleName() + ": missing parameter '" + e.getKey()
                        + "'; given " + parameters.names());
            }
            long[] actual = parameters.get(e.getKey()).shape();
            long[] expected = e.getValue();
            boolean plain = java.util.Arrays.equals(actual, expected);
            boolean batched = actual.length == expected.length + 1
                    && java.util.Arrays.equals(java.util.Arrays.copyOfRange(actual, 1, actual.length), expected);
            if (!plain && !batched) {
                throw new IllegalArgumentException(getClass().getSimpleName() + ": parameter '" + e.getKey() + "' has shape "
                        + java.util.Arrays.toString(actual) + ", expected " + java.util.Arrays.toString(expected)
                        + " or [T, " + java.util.Arrays.toString(expected).substring(1));
            }
        }
    }
}
