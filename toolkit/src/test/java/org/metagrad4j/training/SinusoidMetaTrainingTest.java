package org.metagrad4j.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;
import org.metagrad4j.estimators.Estimators;
import org.metagrad4j.estimators.MetaGradientEstimator;
import org.metagrad4j.estimators.MetaProblem;
import org.metagrad4j.inner.InnerLoop;
import org.metagrad4j.nn.Activation;
import org.metagrad4j.nn.Loss;
import org.metagrad4j.nn.Mlp;
import org.metagrad4j.nn.Parameters;
import org.metagrad4j.tasks.SinusoidTasks;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Meta-training on sinusoid regression (MAML setup: amplitude U[0.1, 5], phase U[0, π],
 * x ∈ U[−5, 5], 10 support and 10 query shots, MLP 1-40-40-1) against a model trained jointly on
 * all tasks for the same number of steps, both adapted by the same inner loop at test time.
 */
@Tag("slow")
class SinusoidMetaTrainingTest {
    private static final int STEPS = 1000;
    private static final SinusoidTasks TASKS = SinusoidTasks.builder().supportSize(10).querySize(10)
            .dataType(DataType.FLOAT).build();
    private static final Mlp MODEL = Mlp.of(Activation.RELU, 1, 40, 40, 1);
    private static final InnerLoop INNER = InnerLoop.builder().steps(1).stepSize(0.01).loss(Loss.meanSquaredError()).build();
    private static final MetaProblem PROBLEM = MetaProblem.of(MODEL, INNER);
    private static Parameters jointParameters;

    /**
     * One estimator with its inner loop (steps, step size), meta-training steps and Adam learning rate.
     * The joint baseline is evaluated with the same inner loop.
     */
    record Case(MetaGradientEstimator estimator, int innerSteps, double innerStepSize, int metaSteps, double learningRate) {
        @Override
        public String toString() {
            return estimator.name() + ", K=" + innerSteps + ", α=" + innerStepSize;
        }
    }

    static List<Case> cases() {
        // Reptile and iMAML move away from the joint solution only with several inner steps. iMAML's
        // λ = 5 is near 1/(Kα) = 10, where its implicit Jacobian matches the K-step loop to first order.
        return List.of(new Case(Estimators.exact(), 1, 0.01, STEPS, 0.003), new Case(Estimators.firstOrder(), 1, 0.01, STEPS, 0.003),
                new Case(Estimators.reptile(), 5, 0.01, STEPS, 0.003), new Case(Estimators.implicitCg(5.0, 5), 20, 0.005, 600, 0.002));
    }

    private static double metaTestLoss(MetaProblem problem, Parameters parameters) {
        return MetaTestResult.evaluate(problem, parameters, MetaBatchSampler.of(TASKS), 200, 50, 999).meanLoss();
    }

    private static synchronized Parameters jointlyTrained() {
        if (jointParameters == null) {
            // Joint training is meta-training with no inner step: the mean loss over all tasks' data.
            MetaProblem joint = MetaProblem.of(MODEL, INNER.withSteps(0));
            jointParameters = MetaTrainer.of(joint, TASKS).withEstimator(Estimators.firstOrder())
                    .withOptimizer(OuterOptimizer.adam(0.003)).withMetaBatchSize(25).withSteps(STEPS).withSeed(1)
                    .train(MODEL.initialize(DataType.FLOAT, 3)).parameters();
        }
        return jointParameters;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void beatsJointTraining(Case c) {
        MetaProblem problem = PROBLEM.withInnerLoop(INNER.withSteps(c.innerSteps()).withStepSize(c.innerStepSize()));
        Parameters trained = MetaTrainer.of(problem, TASKS).withEstimator(c.estimator())
                .withOptimizer(OuterOptimizer.adam(c.learningRate())).withMetaBatchSize(25).withSteps(c.metaSteps()).withSeed(1)
                .train(MODEL.initialize(DataType.FLOAT, 3)).parameters();
        double meta = metaTestLoss(problem, trained);
        double joint = metaTestLoss(problem, jointlyTrained());
        System.out.printf("%s: meta-test MSE %.3f, joint training %.3f (%.2fx)%n", c, meta, joint, joint / meta);
        assertTrue(meta * 2 <= joint, c + ": meta-test MSE " + meta + " is not 2x below joint training's " + joint);
    }

    @Test
    void resumedRunEqualsUninterrupted(@TempDir Path directory) {
        Path file = directory.resolve("run.zip");
        MetaTrainer trainer = MetaTrainer.of(PROBLEM, TASKS).withEstimator(Estimators.exact()).withMetaBatchSize(5).withSeed(7);
        Parameters initial = MODEL.initialize(DataType.FLOAT, 3);
        MetaTrainingResult whole = trainer.withSteps(20).train(initial);
        trainer.withSteps(8).withCheckpoints(file, 4).train(initial);
        MetaTrainingResult resumed = trainer.withSteps(20).resume(file);
        for (String name : whole.parameters().names()) {
            assertArrayEquals(whole.parameters().value(name).data().asFloat(), resumed.parameters().value(name).data().asFloat(),
                    0.0f, name);
        }
        assertEquals(20, resumed.history().rowCount());
    }
}
