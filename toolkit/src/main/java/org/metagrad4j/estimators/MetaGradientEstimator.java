package org.metagrad4j.estimators;

import org.metagrad4j.nn.Parameters;

/**
 * Estimates the gradient of the meta-objective F(θ) = mean_i L_Q(θ'_i) with respect to the
 * meta-parameters θ. Implementations never modify the caller's parameters.
 */
public interface MetaGradientEstimator {

    /** A short name for tables and charts. */
    String name();

    /**
     * Estimates the meta-gradient on one meta-batch.
     *
     * @param problem        model, inner loop and outer loss
     * @param metaParameters the model's parameters, plus {@code stepSize.*} entries when the inner loop learns step sizes
     * @param tasks          the meta-batch, stacked with a leading task dimension
     * @throws IllegalArgumentException when the estimator does not support the problem's inner loop
     * @throws ArithmeticException      when the meta-gradient contains NaN or infinity
     */
    MetaGradient estimate(MetaProblem problem, Parameters metaParameters, TaskData tasks);

    /** Estimates the meta-gradient on a batch of tasks; see {@link #estimate(MetaProblem, Parameters, TaskData)}. */
    default MetaGradient estimate(MetaProblem problem, Parameters metaParameters, org.metagrad4j.tasks.TaskBatch tasks) {
        return estimate(problem, metaParameters, TaskData.of(tasks));
    }
}
