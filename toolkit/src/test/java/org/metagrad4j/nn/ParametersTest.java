package org.metagrad4j.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class ParametersTest {

    private static Parameters small() {
        Map<String, INDArray> arrays = new LinkedHashMap<>();
        arrays.put("a", Nd4j.createFromArray(new double[][] {{1, 2}, {3, 4}}));
        arrays.put("b", Nd4j.createFromArray(-1.0, 2.0));
        return Parameters.of(arrays);
    }

    @Test
    void flattenOrdersEntriesThenElements() {
        assertArrayEquals(new double[] {1, 2, 3, 4, -1, 2}, small().flatten().toDoubleVector(), 0.0);
    }

    @Test
    void flattenUnflattenRoundTrip() {
        Parameters parameters = ConvNet.create(ConvNet.Config.omniglot(5).withFilters(4)).initialize(DataType.DOUBLE, 3);
        INDArray flat = parameters.flatten();
        assertEquals(parameters.count(), flat.length());
        Parameters back = parameters.unflatten(flat);
        assertEquals(parameters.names(), back.names());
        for (String name : parameters.names()) {
            assertEquals(parameters.value(name), back.value(name), name);
        }
    }

    @Test
    void unflattenRejectsWrongLength() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> small().unflatten(Nd4j.zeros(DataType.DOUBLE, 5)));
        assertTrue(error.getMessage().contains("5 elements"), error.getMessage());
        assertTrue(error.getMessage().contains("6"), error.getMessage());
    }

    @Test
    void selectUnknownNameListsValidNames() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> small().select(List.of("a", "c")));
        assertTrue(error.getMessage().contains("'c'"), error.getMessage());
        assertTrue(error.getMessage().contains("[a, b]"), error.getMessage());
    }

    @Test
    void selectKeepsThisOrder() {
        assertEquals(List.of("a", "b"), small().select(List.of("b", "a")).names());
    }

    @Test
    void dotAndNorm() {
        Parameters p = small();
        // 1 + 4 + 9 + 16 + 1 + 4
        assertEquals(35.0, p.dot(p), 1e-14);
        assertEquals(Math.sqrt(35.0), p.norm(), 1e-14);
        assertEquals(35.0, p.dotTensor(p).item(), 1e-14);
        Parameters q = p.scale(-2.0);
        assertEquals(-70.0, p.dot(q), 1e-14);
    }

    @Test
    void dotRejectsDifferentNames() {
        Parameters p = small();
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> p.dot(p.select(List.of("a"))));
        assertTrue(error.getMessage().contains("[a, b] vs [a]"), error.getMessage());
    }

    @Test
    void broadcastTasksAddsLeadingAxis() {
        Parameters tasks = small().broadcastTasks(3);
        assertArrayEquals(new long[] {3, 2, 2}, tasks.get("a").shape());
        assertArrayEquals(new long[] {3, 2}, tasks.get("b").shape());
    }
}
