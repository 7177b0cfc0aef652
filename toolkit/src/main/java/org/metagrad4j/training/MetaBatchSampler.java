package org.metagrad4j.training;

import org.metagrad4j.estimators.TaskData;

/** Draws meta-batches reproducibly: the same (count, seed) always gives the same tasks. */
@FunctionalInterface
public interface MetaBatchSampler {

    /** A meta-batch of {@code count} tasks drawn from {@code seed}. */
    TaskData sample(int count, long seed);

    /** Samples meta-batches from a task source. */
    static MetaBatchSampler of(org.metagrad4j.tasks.TaskSource source) {
        return (count, seed) -> TaskData.of(source.sample(count, seed));
    }
}
