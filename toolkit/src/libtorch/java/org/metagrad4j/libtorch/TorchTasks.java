package org.metagrad4j.libtorch;

import org.bytedeco.pytorch.Tensor;
import org.metagrad4j.estimators.TaskData;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A meta-batch copied into libtorch tensors: stacked {@code [T, n, ...]} for the batched methods and
 * sliced per task for the task loops. Class labels become one-hot targets {@code [T, n, C]} in the
 * inputs' data type, so that both losses take targets of the outputs' shape.
 *
 * @param supportInputs  {@code [T, n_S, in]}
 * @param supportTargets {@code [T, n_S, out]}
 * @param queryInputs    {@code [T, n_Q, in]}
 * @param queryTargets   {@code [T, n_Q, out]}
 */
public record TorchTasks(Tensor supportInputs, Tensor supportTargets, Tensor queryInputs, Tensor queryTargets) {

    /**
     * Copies a meta-batch. Call outside any {@link org.bytedeco.javacpp.PointerScope}, so the tensors
     * outlive the scopes of the methods that use them.
     *
     * @param tasks   the toolkit's meta-batch
     * @param type    {@link DataType#DOUBLE} or {@link DataType#FLOAT}
     * @param classes the number of classes C for classification tasks (ignored for regression)
     */
    public static TorchTasks of(TaskData tasks, DataType type, int classes) {
        return new TorchTasks(TorchArrays.toTensor(tasks.supportInputs(), type),
                TorchArrays.toTensor(targets(tasks, tasks.supportTargets(), classes), type),
                TorchArrays.toTensor(tasks.queryInputs(), type),
                TorchArrays.toTensor(targets(tasks, tasks.queryTargets(), classes), type));
    }

    private static INDArray targets(TaskData tasks, INDArray targets, int classes) {
        if (!tasks.isClassification()) {
            return targets;
        }
        if (classes < 1) {
            throw new IllegalArgumentException("classification tasks need classes >= 1, got " + classes);
        }
        long[] labels = targets.castTo(DataType.INT64).dup('c').data().asLong();
        double[] oneHot = new double[labels.length * classes];
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= classes) {
                throw new IllegalArgumentException("invalid class label " + labels[i] + ": expected 0.." + (classes - 1)
                        + " for " + classes + " classes");
            }
            oneHot[i * classes + (int) labels[i]] = 1;
        }
        return Nd4j.create(oneHot, new long[] {targets.size(0), targets.size(1), classes}, DataType.DOUBLE);
    }

    /** Returns the number of tasks T. */
    public int taskCount() {
        return (int) supportInputs.size(0);
    }

    /** Returns task {@code t}'s support inputs {@code [n_S, in]}, a view of the stacked tensor. */
    public Tensor supportInputs(int t) {
        return supportInputs.select(0, t);
    }

    /** Returns task {@code t}'s support targets. */
    public Tensor supportTargets(int t) {
        return supportTargets.select(0, t);
    }

    /** Returns task {@code t}'s query inputs. */
    public Tensor queryInputs(int t) {
        return queryInputs.select(0, t);
    }

    /** Returns task {@code t}'s query targets. */
    public Tensor queryTargets(int t) {
        return queryTargets.select(0, t);
    }
}
