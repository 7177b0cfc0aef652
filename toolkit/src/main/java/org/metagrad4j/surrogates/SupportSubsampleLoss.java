package org.metagrad4j.surrogates;

import java.util.Arrays;
import java.util.Objects;
import org.metagrad4j.autodiff.Tensor;
import org.metagrad4j.inner.StepAwareLoss;
import org.metagrad4j.nn.Loss;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * An inner-loop surrogate that evaluates the loss on a random subset of each task's support
 * examples, drawn again at every inner step: a cheaper, stochastic inner loss (each step runs the
 * model on {@code examples} of the n support examples).
 *
 * <p>At inner step k, task t uses the examples S_{t,k} ⊂ S_t with |S_{t,k}| = {@code examples},
 * drawn uniformly without replacement from (seed, task seed, k), so the same step of the same
 * task always gets the same subset. The base loss may itself be step-aware (for example an
 * {@link OutputSubsetLoss}); it then receives the same step and task seeds. Without a step (see
 * {@link StepAwareLoss}) the full base loss over every example is evaluated.
 *
 * @implNote The draw is not stratified by class: with few shots a step may see no example of some
 * class of the task.
 */
public final class SupportSubsampleLoss implements StepAwareLoss {
    private final Loss base;
    private final int examples;
    private final long seed;

    private SupportSubsampleLoss(Loss base, int examples, long seed) {
        this.base = Objects.requireNonNull(base, "base loss");
        this.examples = examples;
        this.seed = seed;
    }

    /**
     * Creates the base loss on {@code examples} support examples per task and step.
     *
     * @param base     the loss to evaluate on the subset
     * @param examples examples kept per task, ≥ 1 and at most the support size
     * @param seed     seed of the draws
     */
    public static SupportSubsampleLoss of(Loss base, int examples, long seed) {
        if (examples < 1) {
            throw new IllegalArgumentException("support subsample size must be >= 1, got " + examples);
        }
        if (base instanceof SupportSubsampleLoss) {
            throw new IllegalArgumentException("the base loss is already a support subsample (" + base
                    + "); subsample once, with the smaller size");
        }
        return new SupportSubsampleLoss(base, examples, seed);
    }

    /** Number of support examples kept per task and step. */
    public int examples() {
        return examples;
    }

    @Override
    public long[][] supportExamples(int step, long[] taskSeeds, long supportSize) {
        if (examples > supportSize) {
            throw new IllegalArgumentException("support subsample size " + examples + " exceeds the " + supportSize
                    + " support examples per task; use a size of at most " + supportSize);
        }
        long[] all = new long[(int) supportSize];
        for (int i = 0; i < all.length; i++) {
            all[i] = i;
        }
        long[][] rows = new long[taskSeeds.length][];
        for (int t = 0; t < taskSeeds.length; t++) {
            rows[t] = StepSamples.sampleWithoutReplacement(all, examples, StepSamples.generator(seed, taskSeeds[t], step));
            Arrays.sort(rows[t]);
        }
        return rows;
    }

    @Override
    public Tensor perTask(Tensor predictions, INDArray targets, int step, long[] taskSeeds) {
        return base instanceof StepAwareLoss stepAware ? stepAware.perTask(predictions, targets, step, taskSeeds)
                : base.perTask(predictions, targets);
    }

    /** Evaluates the full base loss over every example. */
    @Override
    public Tensor perTask(Tensor predictions, INDArray targets) {
        return base.perTask(predictions, targets);
    }

    @Override
    public String toString() {
        return "supportSubsample(" + base + ", " + examples + " examples per task, seed " + seed + ")";
    }
}
