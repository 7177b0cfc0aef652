package org.metagrad4j.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.metagrad4j.estimators.Estimators;
import org.metagrad4j.estimators.MetaProblem;
import org.metagrad4j.inner.InnerLoop;
import org.metagrad4j.nn.Activation;
import org.metagrad4j.nn.Loss;
import org.metagrad4j.nn.Mlp;
import org.metagrad4j.tasks.SinusoidTasks;
import org.nd4j.linalg.api.buffer.DataType;
import tech.tablesaw.api.Table;

/** The trainer's fluent settings, their checks, and the per-step records. */
class MetaTrainerTest {
    private static final SinusoidTasks TASKS = SinusoidTasks.builder().supportSize(5).querySize(5).build();
    private static final Mlp MODEL = Mlp.of(Activation.TANH, 1, 8, 1);
    private static final MetaProblem PROBLEM = MetaProblem.of(MODEL,
            InnerLoop.builder().steps(1).stepSize(0.01).loss(Loss.meanSquaredError()).build());

    @Test
    void settingsSurviveLaterCalls() {
        MetaTrainer trainer = MetaTrainer.of(PROBLEM, TASKS).withSeed(5).withMetaBatchSize(2).withEstimator(Estimators.firstOrder())
                .withSteps(3).withSteps(4);
        String text = trainer.toString();
        assertTrue(text.contains("seed=5"), text);
        assertTrue(text.contains("metaBatchSize=2"), text);
        assertTrue(text.contains("steps=4"), text);
        assertEquals("first-order", trainer.estimator().name());
        assertEquals(4, trainer.steps());
    }

    @Test
    void invalidSettingsNameTheValue() {
        MetaTrainer trainer = MetaTrainer.of(PROBLEM, TASKS);
        var batch = assertThrows(IllegalArgumentException.class, () -> trainer.withMetaBatchSize(0));
        assertTrue(batch.getMessage().contains("got 0"), batch.getMessage());
        var steps = assertThrows(IllegalArgumentException.class, () -> trainer.withSteps(-1));
        assertTrue(steps.getMessage().contains("got -1"), steps.getMessage());
        var validation = assertThrows(IllegalArgumentException.class,
                () -> trainer.withValidation(MetaBatchSampler.of(TASKS), 0, 10));
        assertTrue(validation.getMessage().contains("every=0"), validation.getMessage());
        var checkpoints = assertThrows(IllegalArgumentException.class, () -> trainer.withCheckpoints(Path.of("run.zip"), 0));
        assertTrue(checkpoints.getMessage().contains("got 0"), checkpoints.getMessage());
    }

    @Test
    void mixedDataTypesNameTheFix() {
        var error = assertThrows(IllegalArgumentException.class,
                () -> MetaTrainer.of(PROBLEM, TASKS).withSteps(1).train(MODEL.initialize(DataType.DOUBLE, 1)));
        assertTrue(error.getMessage().contains("DOUBLE but the task inputs are FLOAT"), error.getMessage());
        assertTrue(error.getMessage().contains("DataType.FLOAT"), error.getMessage());
    }

    @Test
    void recordsEveryStepWithValidation() {
        List<MetaTrainer.StepRecord> records = new ArrayList<>();
        MetaTrainingResult result = MetaTrainer.of(PROBLEM, TASKS).withMetaBatchSize(4).withSteps(3).withSeed(2)
                .withValidation(MetaBatchSampler.of(TASKS), 1, 8).onStep(records::add)
                .train(MODEL.initialize(DataType.FLOAT, 1));
        assertEquals(3, records.size());
        Table history = result.history();
        assertEquals(3, history.rowCount());
        for (int i = 0; i < 3; i++) {
            assertEquals(i + 1, records.get(i).step());
            assertFalse(Double.isNaN(records.get(i).validationLoss()), "validation loss at step " + (i + 1));
        }
    }
}
