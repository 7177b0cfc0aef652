package org.metagrad4j.surrogates;

import java.util.SplittableRandom;

/** Random draws of a step-aware surrogate, reproducible from (surrogate seed, task seed, inner step). */
final class StepSamples {
    private StepSamples() {
    }

    /** A generator for one task and one inner step: SplitMix64 of the three values chained. */
    static SplittableRandom generator(long seed, long taskSeed, int step) {
        long z = mix(seed);
        z = mix(z ^ taskSeed);
        z = mix(z ^ step);
        return new SplittableRandom(z);
    }

    /** Returns the first {@code count} entries of a uniformly random permutation of {@code values} (partial Fisher–Yates). */
    static long[] sampleWithoutReplacement(long[] values, int count, SplittableRandom random) {
        long[] pool = values.clone();
        for (int i = 0; i < count; i++) {
            int j = i + random.nextInt(pool.length - i);
            long swap = pool[i];
            pool[i] = pool[j];
            pool[j] = swap;
        }
        return java.util.Arrays.copyOf(pool, count);
    }

    private static long mix(long value) {
        long z = value + 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
