package org.metagrad4j.inner;

import java.util.LinkedHashMap;
import java.util.Map;
import org.metagrad4j.autodiff.Tensor;
import org.metagrad4j.nn.Loss;
import org.metagrad4j.nn.Parameters;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The inner (task-adaptation) loop as an immutable configuration:
 * {@code θ_0 = θ, θ_{k+1} = θ_k − α ⊙ d_k} for K steps, where d_k comes from the inner optimiser.
 *
 * <p>Symbols: K = {@link #steps()}, α = {@link #stepSize()} (or, with {@link #learnedStepSizes()},
 * one learned step size per adapted number as in Meta-SGD, stored among the meta-parameters under
 * {@code stepSize.<parameter name>}), the loss is L_S = {@link #loss()} on the support set.
 * Only the {@link #adapted()} parameters change; the rest are frozen.
 */
public final class InnerLoop {
    /** Name prefix of learned step sizes among the meta-parameters. */
    public static final String STEP_SIZE_PREFIX = "stepSize.";

    private final int steps;
    private final double stepSize;
    private final boolean learnedStepSizes;
    private final InnerOptimizer optimizer;
    private final AdaptedSubset adapted;
    private final Loss loss;

    private InnerLoop(Builder b) {
        if (b.steps < 0) {
            throw new IllegalArgumentException("inner steps must be >= 0, got " + b.steps);
        }
        if (!(b.stepSize > 0) || Double.isInfinite(b.stepSize)) {
            throw new IllegalArgumentException("inner stepSize must be > 0 and finite, got " + b.stepSize
                    + " (with learned step sizes it is their initial value)");
        }
        if (b.loss == null) {
            throw new IllegalArgumentException("inner loss is missing; set loss(Loss.meanSquaredError()) or loss(Loss.crossEntropy())");
        }
        this.steps = b.steps;
        this.stepSize = b.stepSize;
        this.learnedStepSizes = b.learnedStepSizes;
        this.optimizer = b.optimizer;
        this.adapted = b.adapted;
        this.loss = b.loss;
    }

    /** A builder with 5 plain-SGD steps of size 0.01 adapting all parameters. */
    public static Builder builder() {
        return new Builder();
    }

    public int steps() {
        return steps;
    }

    public double stepSize() {
        return stepSize;
    }

    public boolean learnedStepSizes() {
        return learnedStepSizes;
    }

    public InnerOptimizer optimizer() {
        return optimizer;
    }

    public AdaptedSubset adapted() {
        return adapted;
    }

    public Loss loss() {
        return loss;
    }

    public InnerLoop withSteps(int value) {
        return toBuilder().steps(value).build();
    }

    public InnerLoop withStepSize(double value) {
        return toBuilder().stepSize(value).build();
    }

    public InnerLoop withOptimizer(InnerOptimizer value) {
        return toBuilder().optimizer(value).build();
    }

    public InnerLoop withAdapted(AdaptedSubset value) {
        return toBuilder().adapt(value).build();
    }

    public InnerLoop withLoss(Loss value) {
        return toBuilder().loss(value).build();
    }

    public InnerLoop withLearnedStepSizes(boolean value) {
        return toBuilder().learnedStepSizes(value).build();
    }

    public Builder toBuilder() {
        return new Builder().steps(steps).stepSize(stepSize).learnedStepSizes(learnedStepSizes).optimizer(optimizer)
                .adapt(adapted).loss(loss);
    }

    /**
     * Initial learned step sizes for the adapted parameters of {@code model}: one array per adapted
     * parameter, filled with {@link #stepSize()}, named {@code stepSize.<name>}.
     */
    public Parameters initialStepSizes(Parameters model) {
        Map<String, Tensor> map = new LinkedHashMap<>();
        Parameters selected = adapted.adapted(model);
        for (String name : selected.names()) {
            Tensor t = selected.get(name);
            map.put(STEP_SIZE_PREFIX + name, Tensor.constant(Nd4j.valueArrayOf(t.shape(), stepSize, t.dataType())));
        }
        return Parameters.ofTensors(map);
    }

    /** The meta-parameters for {@code model}: the model's parameters, plus step sizes when learned. */
    public Parameters metaParameters(Parameters model) {
        return learnedStepSizes ? model.merge(initialStepSizes(model)) : model;
    }

    @Override
    public String toString() {
        return "InnerLoop[steps=" + steps + ", stepSize=" + stepSize + (learnedStepSizes ? " (learned per parameter)" : "")
                + ", optimizer=" + optimizer + ", adapted=" + adapted + ", loss=" + loss + "]";
    }

    /** Builder of {@link InnerLoop}. */
    public static final class Builder {
        private int steps = 5;
        private double stepSize = 0.01;
        private boolean learnedStepSizes;
        private InnerOptimizer optimizer = InnerOptimizer.sgd();
        private AdaptedSubset adapted = AdaptedSubset.all();
        private Loss loss;

        /** K, the number of inner steps (≥ 0). */
        public Builder steps(int value) {
            this.steps = value;
            return this;
        }

        /** α, the inner step size (> 0); the initial value when step sizes are learned. */
        public Builder stepSize(double value) {
            this.stepSize = value;
            return this;
        }

        /** Learn one step size per adapted number (Meta-SGD). */
        public Builder learnedStepSizes(boolean value) {
            this.learnedStepSizes = value;
            return this;
        }

        public Builder optimizer(InnerOptimizer value) {
            this.optimizer = java.util.Objects.requireNonNull(value, "optimizer");
            return this;
        }

        public Builder adapt(AdaptedSubset value) {
            this.adapted = java.util.Objects.requireNonNull(value, "adapted");
            return this;
        }

        public Builder loss(Loss value) {
            this.loss = value;
            return this;
        }

        public InnerLoop build() {
            return new InnerLoop(this);
        }
    }
}
