package org.metagrad4j.autodiff;

/**
 * The backward rule of one recorded operation.
 *
 * <p>A rule maps the gradient of the output to the gradients of the inputs and is written with
 * {@link Tensor} operations, so that with {@code createGraph} the gradient computation is itself
 * recorded and can be differentiated again.
 */
@FunctionalInterface
interface Backward {

    /**
     * Computes the input gradients.
     *
     * @param upstream gradient of the objective with respect to the operation's output
     * @param needed   {@code needed[i]} is true when input {@code i} lies on a path to a requested input
     * @return one gradient per input, shaped like that input; {@code null} where not needed
     */
    Tensor[] apply(Tensor upstream, boolean[] needed);
}
