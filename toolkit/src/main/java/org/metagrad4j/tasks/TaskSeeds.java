package org.metagrad4j.tasks;

import java.util.Random;

/**
 * Derives per-task seeds from a meta-batch seed. Task {@code i} of {@code sample(count, seed)}
 * gets the {@code i}-th {@code nextLong()} of {@code new Random(seed)}, so a smaller batch with the
 * same seed is a prefix of a larger one, and each task can be recreated from its own seed.
 * {@link Random} is used throughout task generation because its Javadoc fixes its algorithm, so
 * the same seed gives the same tasks in every JVM version.
 */
final class TaskSeeds {

    private TaskSeeds() {
    }

    static long[] derive(int count, long seed) {
        if (count < 1) {
            throw new IllegalArgumentException("count must be >= 1, got " + count);
        }
        Random random = new Random(seed);
        long[] seeds = new long[count];
        for (int i = 0; i < count; i++) {
            seeds[i] = random.nextLong();
        }
        return seeds;
    }
}
