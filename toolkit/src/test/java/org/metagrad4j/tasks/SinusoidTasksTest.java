package org.metagrad4j.tasks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Sinusoid regression tasks: defaults, reproducibility, true function and validation. */
class SinusoidTasksTest {
    private final SinusoidTasks source = SinusoidTasks.builder().dataType(DataType.DOUBLE).supportSize(5).querySize(7).build();

    @Test
    void tasksHaveShapesAndRanges() {
        TaskBatch batch = source.sample(25, 1);

        assertEquals(25, batch.size());
        for (Task task : batch.tasks()) {
            assertEquals(TaskKind.REGRESSION, task.kind());
            assertEquals(0, task.numClasses());
            assertArrayEquals(new long[] {5, 1}, task.supportInputs().shape());
            assertArrayEquals(new long[] {7, 1}, task.queryTargets().shape());
            assertEquals(DataType.DOUBLE, task.supportTargets().dataType());
            double amplitude = (Double) task.metadata().get("amplitude");
            double phase = (Double) task.metadata().get("phase");
            assertTrue(amplitude >= 0.1, "amplitude " + amplitude);
            assertTrue(amplitude <= 5, "amplitude " + amplitude);
            assertTrue(phase >= 0, "phase " + phase);
            assertTrue(phase <= Math.PI, "phase " + phase);
            assertTrue(task.supportInputs().maxNumber().doubleValue() <= 5, "x <= 5");
            assertTrue(task.supportInputs().minNumber().doubleValue() >= -5, "x >= -5");
        }
    }

    @Test
    void targetsFollowTrueFunction() {
        Task task = source.sample(1, 3).get(0);
        double amplitude = (Double) task.metadata().get("amplitude");
        double phase = (Double) task.metadata().get("phase");

        for (int i = 0; i < 5; i++) {
            double x = task.supportInputs().getDouble(i, 0);
            assertEquals(amplitude * Math.sin(x - phase), task.supportTargets().getDouble(i, 0), 1e-12);
        }
        INDArray grid = source.inputGrid(11);
        INDArray values = SinusoidTasks.trueValues(task, grid);
        assertEquals(-5.0, grid.getDouble(0, 0));
        assertEquals(amplitude * Math.sin(5.0 - phase), values.getDouble(10, 0), 1e-12);
        assertEquals(task.queryTargets(), SinusoidTasks.trueValues(task, task.queryInputs()));
    }

    @Test
    void sameSeedSameTasks() {
        TaskBatch first = source.sample(4, 99);
        TaskBatch again = source.sample(4, 99);
        TaskBatch other = source.sample(4, 100);

        for (int i = 0; i < 4; i++) {
            assertEquals(first.get(i).supportInputs(), again.get(i).supportInputs());
            assertEquals(first.get(i).queryTargets(), again.get(i).queryTargets());
            assertEquals(first.get(i).metadata(), again.get(i).metadata());
        }
        assertNotEquals(first.get(0).metadata(), other.get(0).metadata());
        assertEquals(first.get(2).supportInputs(), source.task(first.get(2).seed()).supportInputs());
        assertEquals(first.get(1).metadata(), source.sample(2, 99).get(1).metadata(), "a smaller batch is a prefix");
    }

    @Test
    void float32IsDefault() {
        Task task = SinusoidTasks.builder().build().sample(1, 0).get(0);

        assertEquals(DataType.FLOAT, task.supportInputs().dataType());
        assertEquals(DataType.FLOAT, task.queryTargets().dataType());
        assertEquals(10, task.supportSize());
        assertEquals(10, task.querySize());
    }

    @Test
    void stackedBatchEqualsTasks() {
        TaskBatch batch = source.sample(3, 5);

        assertArrayEquals(new long[] {3, 5, 1}, batch.supportInputs().shape());
        assertArrayEquals(new long[] {3, 7, 1}, batch.queryTargets().shape());
        for (int i = 0; i < 3; i++) {
            assertEquals(batch.get(i).supportInputs(), batch.supportInputs().slice(i));
            assertEquals(batch.get(i).supportTargets(), batch.supportTargets().slice(i));
            assertEquals(batch.get(i).queryInputs(), batch.queryInputs().slice(i));
            assertEquals(batch.get(i).queryTargets(), batch.queryTargets().slice(i));
        }
    }

    @Test
    void invalidSettingsNameTheValue() {
        IllegalArgumentException range = assertThrows(IllegalArgumentException.class,
                () -> SinusoidTasks.builder().amplitudeRange(5, 0.1).build());
        assertTrue(range.getMessage().contains("amplitudeRange"), range.getMessage());
        assertTrue(range.getMessage().contains("[5.0, 0.1]"), range.getMessage());

        IllegalArgumentException shots = assertThrows(IllegalArgumentException.class,
                () -> SinusoidTasks.builder().supportSize(0).build());
        assertTrue(shots.getMessage().contains("supportSize must be >= 1, got 0"), shots.getMessage());

        IllegalArgumentException type = assertThrows(IllegalArgumentException.class,
                () -> SinusoidTasks.builder().dataType(DataType.INT32).build());
        assertTrue(type.getMessage().contains("INT"), type.getMessage());

        assertThrows(IllegalArgumentException.class, () -> source.sample(0, 1));
    }

    @Test
    void toStringShowsConfiguration() {
        String text = source.toString();

        assertTrue(text.contains("supportSize=5"), text);
        assertTrue(text.contains("DOUBLE"), text);
        assertTrue(source.sample(1, 0).get(0).toString().contains("amplitude="), "task summary shows amplitude");
    }
}
