package org.metagrad4j.tasks;

import org.nd4j.linalg.api.buffer.DataType;

/**
 * A reproducible supply of tasks for meta-training and evaluation.
 *
 * <p>{@link #sample(int, long)} is a pure function of its arguments: the same count and seed give
 * the same tasks on every call and in every JVM, so a meta-training loop that derives one seed
 * per step from its own seed resumes exactly from a checkpoint.
 */
public interface TaskSource {

    /**
     * Draws a meta-batch of tasks.
     *
     * @param count the number of tasks, ≥ 1
     * @param seed  the seed; equal (count, seed) pairs give equal tasks
     * @return the tasks, all with the same shapes, so that they stack
     * @throws IllegalArgumentException if count is below 1
     */
    TaskBatch sample(int count, long seed);

    /** Returns the floating-point type of the inputs (and of the targets of regression tasks). */
    DataType dataType();

    /** Returns whether the tasks are regression or classification tasks. */
    TaskKind kind();
}
