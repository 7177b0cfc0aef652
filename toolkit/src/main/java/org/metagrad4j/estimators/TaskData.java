package org.metagrad4j.estimators;

import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A meta-batch as stacked arrays with a leading task dimension T: support and query inputs
 * {@code [T, n, ...]}; targets {@code [T, n, d]} for regression or INT64 class indices
 * {@code [T, n]} for classification; and one seed per task, which step-aware surrogate losses
 * use to draw their per-step samples (see {@link org.metagrad4j.inner.StepAwareLoss}).
 */
public record TaskData(INDArray supportInputs, INDArray supportTargets, INDArray queryInputs, INDArray queryTargets,
                       long[] taskSeeds) {

    public TaskData {
        long t = supportInputs.size(0);
        for (INDArray a : new INDArray[] {supportTargets, queryInputs, queryTargets}) {
            if (a.rank() < 2 || a.size(0) != t) {
                throw new IllegalArgumentException("TaskData: every array needs the same leading task dimension; support inputs "
                        + Arrays.toString(supportInputs.shape()) + ", support targets " + Arrays.toString(supportTargets.shape())
                        + ", query inputs " + Arrays.toString(queryInputs.shape()) + ", query targets "
                        + Arrays.toString(queryTargets.shape()));
            }
        }
        if (taskSeeds.length != t) {
            throw new IllegalArgumentException("TaskData: " + taskSeeds.length + " task seeds for " + t
                    + " tasks; give one seed per task");
        }
        taskSeeds = taskSeeds.clone();
    }

    /** Creates a meta-batch whose task seeds are the task positions 0, 1, …, T − 1. */
    public TaskData(INDArray supportInputs, INDArray supportTargets, INDArray queryInputs, INDArray queryTargets) {
        this(supportInputs, supportTargets, queryInputs, queryTargets, positions(supportInputs.size(0)));
    }

    /** Stacks the arrays of a meta-batch of tasks and keeps each task's {@link org.metagrad4j.tasks.Task#seed()}. */
    public static TaskData of(org.metagrad4j.tasks.TaskBatch batch) {
        long[] seeds = new long[batch.size()];
        for (int i = 0; i < seeds.length; i++) {
            seeds[i] = batch.get(i).seed();
        }
        return new TaskData(batch.supportInputs(), batch.supportTargets(), batch.queryInputs(), batch.queryTargets(), seeds);
    }

    /** Returns a copy of the per-task seeds. */
    @Override
    public long[] taskSeeds() {
        return taskSeeds.clone();
    }

    /** Number of tasks T. */
    public int taskCount() {
        return (int) supportInputs.size(0);
    }

    /** Returns whether targets are class indices. */
    public boolean isClassification() {
        return queryTargets.dataType() == DataType.INT64 || queryTargets.dataType() == DataType.INT32;
    }

    /** Task {@code t} alone, still with a task dimension of size 1. */
    public TaskData task(int t) {
        return new TaskData(slice(supportInputs, t), slice(supportTargets, t), slice(queryInputs, t), slice(queryTargets, t),
                new long[] {taskSeeds[t]});
    }

    private static INDArray slice(INDArray a, int t) {
        long[] shape = a.shape().clone();
        shape[0] = 1;
        return a.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(t, t + 1)).dup('c').reshape(shape);
    }

    private static long[] positions(long count) {
        long[] seeds = new long[(int) count];
        for (int i = 0; i < seeds.length; i++) {
            seeds[i] = i;
        }
        return seeds;
    }
}
