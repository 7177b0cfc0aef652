package org.metagrad4j.autodiff;

/**
 * Options of {@link Tape#grad(Tensor, java.util.List, GradOptions)}.
 *
 * @param createGraph record the gradient computation so that the gradients can be differentiated again
 *                    (as PyTorch's {@code create_graph=True})
 * @param retainGraph keep the saved arrays of the traversed operations after the call; without it and
 *                    without {@code createGraph}, a second {@code grad} through the same operations fails
 * @param allowUnused return zeros for an input the output does not depend on, instead of raising
 */
public record GradOptions(boolean createGraph, boolean retainGraph, boolean allowUnused) {

    /** First-order gradients; the traversed graph is freed afterwards. */
    public static GradOptions firstOrder() {
        return new GradOptions(false, false, false);
    }

    /** Gradients that are themselves differentiable. */
    public static GradOptions higherOrder() {
        return new GradOptions(true, true, false);
    }

    /** Returns a copy that returns zeros for unused inputs. */
    public GradOptions withAllowUnused(boolean allow) {
        return new GradOptions(createGraph, retainGraph, allow);
    }

    /** Returns a copy that keeps the traversed graph. */
    public GradOptions withRetainGraph(boolean retain) {
        return new GradOptions(createGraph, retain, allowUnused);
    }
}
