package org.metagrad4j.autodiff;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Semantics of the tape: error messages, freed graphs, unused inputs, memory accounting, NaN checks. */
class TapeTest {

    private static INDArray random(long seed, long... shape) {
        return Nd4j.randn(Nd4j.getRandomFactory().getNewRandomInstance(seed), shape).castTo(DataType.DOUBLE);
    }

    private static void assertMentions(Throwable error, String... fragments) {
        for (String fragment : fragments) {
            assertTrue(error.getMessage().contains(fragment), "message lacks '" + fragment + "': " + error.getMessage());
        }
    }

    @Test
    void broadcastMismatchNamesShapesAndOperation() {
        try (Tape tape = Tape.create()) {
            Tensor a = tape.watch(random(1, 2, 3));
            Tensor b = Tensor.constant(random(2, 4, 5));
            IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> a.add(b));
            assertMentions(error, "add", "[2, 3]", "[4, 5]");
        }
    }

    @Test
    void matmulMismatchNamesShapesAndOperation() {
        try (Tape tape = Tape.create()) {
            Tensor a = tape.watch(random(1, 3, 4));
            Tensor b = Tensor.constant(random(2, 5, 2));
            IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> a.matmul(b));
            assertMentions(error, "matmul", "[3, 4]", "[5, 2]");
        }
    }

    @Test
    void secondGradThroughFreedGraphRaises() {
        try (Tape tape = Tape.create()) {
            Tensor x = tape.watch(random(1, 3));
            Tensor y = x.tanh().sum();
            tape.grad(y, List.of(x), GradOptions.firstOrder());
            IllegalStateException error = assertThrows(IllegalStateException.class,
                    () -> tape.grad(y, List.of(x), GradOptions.firstOrder()));
            assertMentions(error, "freed", "createGraph");
        }
    }

    @Test
    void retainGraphAllowsSecondGrad() {
        try (Tape tape = Tape.create()) {
            Tensor x = tape.watch(random(1, 3));
            Tensor y = x.tanh().sum();
            List<Tensor> first = tape.grad(y, List.of(x), GradOptions.firstOrder().withRetainGraph(true));
            List<Tensor> second = tape.grad(y, List.of(x), GradOptions.firstOrder());
            assertEquals(first.get(0).value(), second.get(0).value());
        }
    }

    @Test
    void gradientWithoutCreateGraphIsNotDifferentiable() {
        try (Tape tape = Tape.create()) {
            Tensor x = tape.watch(random(1, 3));
            Tensor y = x.pow(3.0).sum();
            Tensor gradient = tape.grad(y, List.of(x), GradOptions.firstOrder().withRetainGraph(true)).get(0);
            assertFalse(gradient.isTracked());
            // Differentiating the gradient itself, and a value computed from it, both name the fix.
            IllegalArgumentException direct = assertThrows(IllegalArgumentException.class,
                    () -> tape.grad(gradient, null, List.of(x), GradOptions.firstOrder()));
            assertMentions(direct, "createGraph", "higherOrder");
            IllegalArgumentException derived = assertThrows(IllegalArgumentException.class,
                    () -> tape.grad(gradient.square().sum(), List.of(x), GradOptions.firstOrder()));
            assertMentions(derived, "createGraph", "higherOrder");
            assertTrue(gradient.square().sum().isDetachedGradient());
        }
    }

    @Test
    void gradientWithCreateGraphIsDifferentiable() {
        try (Tape tape = Tape.create()) {
            Tensor x = tape.watch(Nd4j.createFromArray(2.0));
            Tensor y = x.pow(3.0);
            Tensor dy = tape.grad(y, List.of(x), GradOptions.higherOrder()).get(0);
            Tensor d2y = tape.grad(dy, List.of(x), GradOptions.firstOrder()).get(0);
            assertEquals(12.0, dy.item(), 1e-12);
            assertEquals(12.0, d2y.item(), 1e-12);
        }
    }

    @Test
    void unusedInputRaisesByDefault() {
        try (Tape tape = Tape.create()) {
            Tensor x = tape.watch(random(1, 3));
            Tensor unused = tape.watch(random(2, 2, 2));
            Tensor y = x.square().sum();
            IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                    () -> tape.grad(y, List.of(x, unused), GradOptions.firstOrder().withRetainGraph(true)));
            assertMentions(error, "does not depend on input #1", "[2, 2]", "withAllowUnused");
        }
    }

    @Test
    void allowUnusedReturnsZeros() {
        try (Tape tape = Tape.create()) {
            Tensor x = tape.watch(random(1, 3));
            Tensor unused = tape.watch(random(2, 2, 2));
            Tensor y = x.square().sum();
            List<Tensor> grads = tape.grad(y, List.of(x, unused), GradOptions.firstOrder().withAllowUnused(true));
            assertArrayEquals(new long[] {2, 2}, grads.get(1).shape());
            assertEquals(0.0, grads.get(1).value().amaxNumber().doubleValue());
            assertEquals(DataType.DOUBLE, grads.get(1).dataType());
        }
    }

    @Test
    void retainedBytesOfMatmul() {
        Tape tape = Tape.create();
        Tensor a = tape.watch(random(1, 3, 4));
        Tensor b = tape.watch(random(2, 4, 2));
        Tensor y = a.matmul(b).sum();
        // matmul saves both operands for backward: 3·4 + 4·2 float64 values; sum saves nothing.
        long expected = 3 * 4 * 8 + 4 * 2 * 8;
        assertEquals(expected, tape.retainedBytes());
        assertTrue(tape.peakRetainedBytes() >= tape.retainedBytes());

        tape.grad(y, List.of(a, b), GradOptions.firstOrder());
        assertEquals(0, tape.retainedBytes(), "a first-order grad frees what it traversed");
        assertEquals(expected, tape.peakRetainedBytes());

        tape.close();
        assertEquals(0, tape.retainedBytes());
        assertTrue(tape.isClosed());
    }

    @Test
    void sharedSavedArrayCountedOnce() {
        try (Tape tape = Tape.create()) {
            Tensor x = tape.watch(random(1, 5));
            Tensor y = x.mul(x).add(x.square());
            // mul saves x twice and square saves x again: one array of 5 float64 values.
            assertEquals(5 * 8, tape.retainedBytes());
            y.sum();
            assertTrue(tape.peakRetainedBytes() >= tape.retainedBytes());
        }
    }

    @Test
    void closeFreesEverything() {
        Tape tape = Tape.create();
        Tensor x = tape.watch(random(1, 10, 10));
        x.tanh().matmul(x).exp().sum();
        assertTrue(tape.retainedBytes() > 0);
        tape.close();
        assertEquals(0, tape.retainedBytes());
        IllegalStateException error = assertThrows(IllegalStateException.class, () -> tape.watch(random(1, 2)));
        assertMentions(error, "closed");
    }

    @Test
    void checkFiniteNamesSqrtAtZero() {
        try (Tape tape = Tape.create().checkFinite(true)) {
            Tensor x = tape.watch(Nd4j.createFromArray(0.0, 1.0));
            Tensor y = x.sqrt().sum();
            ArithmeticException error = assertThrows(ArithmeticException.class,
                    () -> tape.grad(y, List.of(x), GradOptions.firstOrder()));
            assertMentions(error, "'sqrt'");
        }
    }

    @Test
    void checkFiniteNamesLogOfNegative() {
        try (Tape tape = Tape.create().checkFinite(true)) {
            Tensor x = tape.watch(Nd4j.createFromArray(-1.0, 1.0));
            ArithmeticException error = assertThrows(ArithmeticException.class, () -> x.log().mul(x).sum());
            assertMentions(error, "'log'");
        }
    }

    @Test
    void checkFiniteSqrtHigherOrder() {
        try (Tape tape = Tape.create().checkFinite(true)) {
            Tensor x = tape.watch(Nd4j.createFromArray(0.0, 1.0));
            Tensor y = x.sqrt().sum();
            ArithmeticException error = assertThrows(ArithmeticException.class,
                    () -> tape.grad(y, List.of(x), GradOptions.higherOrder()));
            assertMentions(error, "backward rule of 'sqrt'");
        }
    }

    @Test
    void checkFiniteNamesLogAtZero() {
        try (Tape tape = Tape.create().checkFinite(true)) {
            Tensor x = tape.watch(Nd4j.createFromArray(0.0, 1.0));
            ArithmeticException error = assertThrows(ArithmeticException.class, () -> x.log().sum());
            assertMentions(error, "'log'", "[2]");
        }
    }

    @Test
    void withoutCheckFiniteNaNPassesThrough() {
        try (Tape tape = Tape.create()) {
            Tensor x = tape.watch(Nd4j.createFromArray(0.0, 1.0));
            Tensor gradient = tape.grad(x.sqrt().sum(), List.of(x), GradOptions.firstOrder()).get(0);
            assertTrue(Double.isInfinite(gradient.value().getDouble(0)));
        }
    }

    @Test
    void mixingTwoTapesRaises() {
        try (Tape first = Tape.create(); Tape second = Tape.create()) {
            Tensor a = first.watch(random(1, 3));
            Tensor b = second.watch(random(2, 3));
            IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> a.add(b));
            assertMentions(error, "add", "two different tapes");
        }
    }

    @Test
    void inputFromAnotherTapeRaises() {
        try (Tape first = Tape.create(); Tape second = Tape.create()) {
            Tensor a = first.watch(random(1, 3));
            Tensor b = second.watch(random(2, 3));
            Tensor y = a.square().sum();
            IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                    () -> first.grad(y, List.of(b), GradOptions.firstOrder()));
            assertMentions(error, "input #0", "not recorded on this tape");
        }
    }

    @Test
    void withoutRecordingMakesConstants() {
        try (Tape tape = Tape.create()) {
            Tensor x = tape.watch(random(1, 3));
            Tensor y = tape.withoutRecording(() -> x.mul(2.0));
            assertFalse(y.isTracked());
            assertTrue(x.mul(2.0).isTracked());
        }
    }
}
