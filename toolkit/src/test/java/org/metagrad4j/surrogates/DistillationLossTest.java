package org.metagrad4j.surrogates;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.metagrad4j.autodiff.GradOptions;
import org.metagrad4j.autodiff.Tape;
import org.metagrad4j.autodiff.Tensor;
import org.metagrad4j.estimators.Estimators;
import org.metagrad4j.estimators.MetaProblem;
import org.metagrad4j.estimators.TaskData;
import org.metagrad4j.inner.InnerLoop;
import org.metagrad4j.nn.Activation;
import org.metagrad4j.nn.Initializers;
import org.metagrad4j.nn.Linear;
import org.metagrad4j.nn.Loss;
import org.metagrad4j.nn.Mlp;
import org.metagrad4j.nn.Parameters;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Distillation as the outer loss: zero against itself, a hand-computed value, mixing, and invalid settings (float64). */
class DistillationLossTest {
    private final Mlp student = Mlp.of(Activation.TANH, 3, 8, 4);
    private final Parameters parameters = student.initialize(DataType.DOUBLE, 1);
    private final INDArray inputs = normal(2, 2, 6, 3);
    private final INDArray labels = Nd4j.createFromArray(new long[][] {{0, 1, 2, 3, 0, 1}, {3, 2, 1, 0, 3, 2}});

    private static INDArray normal(long seed, long... shape) {
        return Nd4j.randn(Initializers.generator(seed), shape).castTo(DataType.DOUBLE);
    }

    @Test
    void selfTeacherHasZeroLossAndGradient() {
        DistillationLoss loss = DistillationLoss.of(student, parameters, 2.0);
        try (Tape tape = Tape.create()) {
            Parameters watched = parameters.watch(tape);
            Tensor perTask = loss.perTask(student.forward(watched, Tensor.constant(inputs)), inputs, labels);
            Parameters gradient = watched.gradientOf(perTask.sum(), GradOptions.firstOrder());

            assertEquals(0.0, perTask.value().amaxNumber().doubleValue(), 0.0, "KL of a distribution with itself");
            assertTrue(gradient.norm() < 1e-14, "gradient norm " + gradient.norm());
        }
    }

    @Test
    void selfTeacherHasZeroMetaGradient() {
        InnerLoop noSteps = InnerLoop.builder().steps(0).loss(Loss.crossEntropy()).build();
        MetaProblem problem = new MetaProblem(student, noSteps, DistillationLoss.of(student, parameters, 3.0));
        TaskData tasks = new TaskData(inputs, labels, inputs, labels);

        double norm = Estimators.exact().estimate(problem, parameters, tasks).gradient().norm();

        assertTrue(norm < 1e-14, "meta-gradient norm with K = 0 and the student as teacher: " + norm);
    }

    @Test
    void matchesHandComputedKl() {
        // A one-output-layer "model" whose logits are the inputs: Linear with identity weight and zero bias.
        Linear identity = new Linear("layer", 2, 2);
        Parameters teacherParameters = Parameters.empty()
                .with("layer.weight", Tensor.constant(Nd4j.eye(2).castTo(DataType.DOUBLE)))
                .with("layer.bias", Tensor.constant(Nd4j.zeros(DataType.DOUBLE, 2)));
        INDArray teacherInputs = Nd4j.createFromArray(new double[][] {{2.0, 0.0}});
        Tensor studentLogits = Tensor.constant(Nd4j.createFromArray(new double[][] {{0.0, 0.0}}));
        double temperature = 2.0;

        double value = DistillationLoss.of(identity, teacherParameters, temperature)
                .perTask(studentLogits, teacherInputs, Nd4j.createFromArray(new long[] {0})).item();

        // Teacher p = softmax([1, 0]), student q = [1/2, 1/2]; T² · Σ p log(p / q).
        double p0 = Math.exp(1) / (Math.exp(1) + 1);
        double p1 = 1 - p0;
        double expected = temperature * temperature * (p0 * Math.log(2 * p0) + p1 * Math.log(2 * p1));
        assertEquals(expected, value, 1e-14);
    }

    @Test
    void fullTrueLossWeightIsTaskLoss() {
        Mlp teacher = Mlp.of(Activation.TANH, 3, 5, 4);
        DistillationLoss loss = DistillationLoss.of(teacher, teacher.initialize(DataType.DOUBLE, 9), 4.0)
                .withTrueLoss(Loss.crossEntropy(), 1.0);
        Tensor logits = student.forward(parameters, Tensor.constant(inputs));

        INDArray mixed = loss.perTask(logits, inputs, labels).value();
        INDArray taskLoss = Loss.crossEntropy().perTask(logits, labels).value();

        assertEquals(0.0, mixed.sub(taskLoss).amaxNumber().doubleValue(), 1e-15);
    }

    @Test
    void invalidTemperatureRejected() {
        IllegalArgumentException zero = assertThrows(IllegalArgumentException.class,
                () -> DistillationLoss.of(student, parameters, 0.0));
        IllegalArgumentException negative = assertThrows(IllegalArgumentException.class,
                () -> DistillationLoss.of(student, parameters, -1.5));

        assertTrue(zero.getMessage().contains("got 0.0"), zero.getMessage());
        assertTrue(negative.getMessage().contains("got -1.5"), negative.getMessage());
    }

    @Test
    void teacherShapeMismatchRejected() {
        Mlp wideTeacher = Mlp.of(Activation.TANH, 3, 8, 10);
        DistillationLoss loss = DistillationLoss.of(wideTeacher, wideTeacher.initialize(DataType.DOUBLE, 3), 1.0);
        Tensor logits = student.forward(parameters, Tensor.constant(inputs));

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> loss.perTask(logits, inputs, labels));

        assertTrue(e.getMessage().contains("[2, 6, 10]"), e.getMessage());
        assertTrue(e.getMessage().contains("[2, 6, 4]"), e.getMessage());
    }
}
