package org.metagrad4j.inner;

import org.metagrad4j.autodiff.Tensor;
import org.metagrad4j.nn.Loss;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A support-set loss that may change from one inner step to the next, such as a loss on a subset
 * of the outputs or of the support examples drawn afresh at every step.
 *
 * <p>At inner step k (counted from 0) of a meta-batch whose tasks have seeds s_1 … s_T, the
 * estimators keep, for task t, only the support examples {@link #supportExamples} returns, run the
 * model on them and take {@link #perTask(Tensor, INDArray, int, long[])}. Both must be
 * deterministic functions of (k, s_t), because exact estimators and the Hessian-vector recursion
 * evaluate the loss of step k several times and must see the same sample each time.
 *
 * <p>The plain {@link #perTask(Tensor, INDArray)}, used where no inner step applies (for example
 * when {@link org.metagrad4j.estimators.MetaProblem#of} reuses the inner loss as the query loss),
 * evaluates the full loss the surrogate stands for.
 */
public interface StepAwareLoss extends Loss {

    /**
     * Evaluates the per-task loss at inner step {@code step}.
     *
     * @param predictions model outputs {@code [T, n, ...]} on the examples of {@link #supportExamples}
     * @param targets     the matching targets: INT64 class indices {@code [T, n]} or values {@code [T, n, d]}
     * @param step        the inner step k, from 0
     * @param taskSeeds   one seed per task, {@code T} entries
     * @return the loss of each task, {@code [T]}
     */
    Tensor perTask(Tensor predictions, INDArray targets, int step, long[] taskSeeds);

    /**
     * Returns the positions of the support examples that inner step {@code step} evaluates, one row of equal
     * length per task, or {@code null} for every example (the default).
     *
     * @param supportSize n, the number of support examples of each task
     */
    default long[][] supportExamples(int step, long[] taskSeeds, long supportSize) {
        return null;
    }
}
