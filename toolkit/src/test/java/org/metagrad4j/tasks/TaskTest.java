package org.metagrad4j.tasks;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/** Task and batch construction checks. */
class TaskTest {

    @Test
    void classTargetOutOfRangeIsRejected() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> Task.classification(
                Nd4j.rand(DataType.DOUBLE, 2, 3), Nd4j.createFromArray(0L, 2L),
                Nd4j.rand(DataType.DOUBLE, 1, 3), Nd4j.createFromArray(0L),
                new long[] {5, 6}, Map.of(), 0));

        assertTrue(error.getMessage().contains("class index 2, outside 0..1"), error.getMessage());
    }

    @Test
    void regressionTargetsMustBeColumns() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> Task.regression(
                Nd4j.rand(DataType.DOUBLE, 4, 1), Nd4j.rand(DataType.DOUBLE, 4),
                Nd4j.rand(DataType.DOUBLE, 2, 1), Nd4j.rand(DataType.DOUBLE, 2, 1), Map.of(), 0));

        assertTrue(error.getMessage().contains("supportTargets must be DOUBLE [4, 1]"), error.getMessage());
    }

    @Test
    void mixedShapesCannotStack() {
        SinusoidTasks five = SinusoidTasks.builder().supportSize(5).build();
        SinusoidTasks six = SinusoidTasks.builder().supportSize(6).build();

        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> TaskBatch.of(List.of(five.task(1), six.task(1))));
        assertTrue(error.getMessage().contains("task 1 cannot be stacked"), error.getMessage());
    }

    @Test
    void batchToStringIsBounded() {
        String text = SinusoidTasks.builder().build().sample(50, 0).toString();

        assertTrue(text.contains("47 more"), text);
        assertTrue(text.split("\n").length <= 5, text);
    }
}
