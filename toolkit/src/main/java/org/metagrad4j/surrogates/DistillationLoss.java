package org.metagrad4j.surrogates;

import java.util.Arrays;
import java.util.Objects;
import org.metagrad4j.autodiff.Tensor;
import org.metagrad4j.estimators.OuterLoss;
import org.metagrad4j.nn.Loss;
import org.metagrad4j.nn.Module;
import org.metagrad4j.nn.Parameters;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * An outer-loop surrogate: knowledge distillation towards a teacher's output distribution on the
 * query inputs, in place of (or mixed with) the query-set task loss.
 *
 * <p>Per task, with student logits z and teacher logits v on the query inputs x_1 … x_m,
 * <pre>
 *   L(z) = (1 − β) · τ² · (1/m) Σ_j KL(softmax(v_j/τ) ‖ softmax(z_j/τ)) + β · L_true(z, y)
 * </pre>
 * The factor τ² keeps the gradient's scale comparable across temperatures, because the gradient of
 * the KL term with respect to z is (softmax(z/τ) − softmax(v/τ)) / τ.
 *
 * <p>Symbols: τ = {@code temperature}; β = {@code trueLossWeight} (0 unless set with
 * {@link #withTrueLoss}); L_true = the task loss given there; the teacher's parameters are held
 * as constants, so no gradient reaches them.
 *
 * <p>Hinton, Vinyals and Dean, "Distilling the Knowledge in a Neural Network", NIPS 2014 Deep
 * Learning Workshop, arXiv:1503.02531, 2015.
 *
 * @implNote The teacher is evaluated once per query-input array and reused while the estimators
 * call this loss again on the same meta-batch (the last array is remembered by identity).
 * NOTE: the teacher runs at fixed parameters and never sees the support set, so for few-shot
 * classification, where each task numbers its classes afresh, the teacher must itself adapt to
 * the task to give meaningful targets (wrap it in a module that does; the surrogates notebook
 * shows one).
 */
public final class DistillationLoss implements OuterLoss {
    private final Module teacher;
    private final Parameters teacherParameters;
    private final double temperature;
    private final Loss trueLoss;
    private final double trueLossWeight;
    private final TeacherCache cache = new TeacherCache();

    private DistillationLoss(Module teacher, Parameters teacherParameters, double temperature, Loss trueLoss,
                             double trueLossWeight) {
        this.teacher = teacher;
        this.teacherParameters = teacherParameters;
        this.temperature = temperature;
        this.trueLoss = trueLoss;
        this.trueLossWeight = trueLossWeight;
    }

    /**
     * Distillation towards {@code teacher} at {@code teacherParameters}.
     *
     * @param teacher           any module whose outputs have the student's shape
     * @param teacherParameters the teacher's parameters (without a task dimension or with one matching the meta-batch)
     * @param temperature       τ > 0; larger values soften both distributions
     * @throws IllegalArgumentException for τ ≤ 0 or not finite, or parameters the teacher does not accept
     */
    public static DistillationLoss of(Module teacher, Parameters teacherParameters, double temperature) {
        Objects.requireNonNull(teacher, "teacher");
        Objects.requireNonNull(teacherParameters, "teacherParameters");
        if (!(temperature > 0) || Double.isInfinite(temperature)) {
            throw new IllegalArgumentException("distillation temperature must be > 0 and finite, got " + temperature
                    + "; use 1 for the plain softmax or a value such as 2-4 for softer targets");
        }
        teacher.requireParameters(teacherParameters);
        return new DistillationLoss(teacher, teacherParameters.detach(), temperature, null, 0);
    }

    /**
     * Returns a copy that mixes in the true task loss: (1 − weight) · distillation + weight · {@code loss}.
     *
     * @param loss   the task loss on the query targets, such as {@link Loss#crossEntropy()}
     * @param weight β in [0, 1]
     */
    public DistillationLoss withTrueLoss(Loss loss, double weight) {
        Objects.requireNonNull(loss, "loss");
        if (!(weight >= 0 && weight <= 1)) {
            throw new IllegalArgumentException("true-loss weight must be in [0, 1], got " + weight);
        }
        return new DistillationLoss(teacher, teacherParameters, temperature, loss, weight);
    }

    public double temperature() {
        return temperature;
    }

    public double trueLossWeight() {
        return trueLossWeight;
    }

    @Override
    public Tensor perTask(Tensor predictions, INDArray queryInputs, INDArray queryTargets) {
        INDArray[] target = cache.get(queryInputs);
        INDArray teacherLogProbabilities = target[0];
        if (!Arrays.equals(teacherLogProbabilities.shape(), predictions.shape())) {
            throw new IllegalArgumentException("the teacher's outputs have shape " + Arrays.toString(teacherLogProbabilities.shape())
                    + " but the student's have shape " + Arrays.toString(predictions.shape())
                    + "; use a teacher with the student's number of outputs (for example the same architecture)");
        }
        Tensor logP = Tensor.constant(teacherLogProbabilities.castTo(predictions.dataType()));
        Tensor p = Tensor.constant(target[1].castTo(predictions.dataType()));
        Tensor logQ = predictions.div(temperature).logSoftmax(-1);
        // KL(p ‖ q) = Σ_c p_c (log p_c − log q_c); equal logits give exactly zero.
        Tensor perExample = logP.sub(logQ).mul(p).sum(false, -1);
        Tensor distillation = meanOverExamples(perExample).mul(temperature * temperature);
        if (trueLoss == null || trueLossWeight == 0) {
            return distillation;
        }
        return distillation.mul(1 - trueLossWeight).add(trueLoss.perTask(predictions, queryTargets).mul(trueLossWeight));
    }

    private static Tensor meanOverExamples(Tensor perExample) {
        // [T, m] per task, or [m] for a single task without a task dimension.
        return perExample.rank() >= 2 ? perExample.mean(false, perExample.rank() - 1) : perExample.mean();
    }

    @Override
    public String toString() {
        return "distillation(teacher " + teacher + ", temperature " + temperature
                + (trueLoss != null && trueLossWeight > 0 ? ", true loss " + trueLoss + " weight " + trueLossWeight : "") + ")";
    }

    /** The teacher's tempered log-probabilities and probabilities for the last query-input array. */
    private final class TeacherCache {
        private INDArray inputs;
        private INDArray[] values;

        synchronized INDArray[] get(INDArray queryInputs) {
            if (queryInputs != inputs) {
                Tensor logits = teacher.forward(teacherParameters, Tensor.constant(queryInputs));
                INDArray logP = logits.div(temperature).logSoftmax(-1).value();
                values = new INDArray[] {logP, org.nd4j.linalg.ops.transforms.Transforms.exp(logP, true)};
                inputs = queryInputs;
            }
            return values;
        }
    }
}
