package org.metagrad4j.estimators;

import org.metagrad4j.autodiff.Tensor;
import org.metagrad4j.nn.Loss;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The outer (query-set) objective of a task: a per-task loss that may also read the query
 * inputs, as distillation towards a teacher's outputs does.
 */
@FunctionalInterface
public interface OuterLoss {

    /** Per-task loss {@code [T]} of {@code predictions} on the query set. */
    Tensor perTask(Tensor predictions, INDArray queryInputs, INDArray queryTargets);

    /** The task loss itself on the query set. */
    static OuterLoss of(Loss loss) {
        return new OuterLoss() {
            @Override
            public Tensor perTask(Tensor predictions, INDArray queryInputs, INDArray queryTargets) {
                return loss.perTask(predictions, queryTargets);
            }

            @Override
            public String toString() {
                return loss.toString();
            }
        };
    }
}
