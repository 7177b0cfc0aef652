package org.metagrad4j.libtorch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.function.Function;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Tensor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.metagrad4j.estimators.Estimators;
import org.metagrad4j.estimators.ImplicitMaml;
import org.metagrad4j.estimators.MetaGradient;
import org.metagrad4j.estimators.MetaProblem;
import org.metagrad4j.estimators.TaskData;
import org.metagrad4j.inner.InnerLoop;
import org.metagrad4j.nn.Activation;
import org.metagrad4j.nn.Loss;
import org.metagrad4j.nn.Mlp;
import org.metagrad4j.nn.Parameters;
import org.metagrad4j.tasks.SinusoidTasks;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.rng.Random;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks in float64 that the toolkit's meta-gradients equal those computed directly in libtorch
 * on the same parameters and tasks: the sinusoid MLP 1-40-40-1 (25 tasks, K = 5, 10 + 10 shots)
 * for exact MAML, first-order MAML and iMAML with conjugate gradient, and a small classification
 * MLP with cross-entropy for exact MAML.
 */
class LibtorchParityTest {
    private static final Logger LOG = LoggerFactory.getLogger(LibtorchParityTest.class);
    /** Largest accepted ‖toolkit − libtorch‖ / ‖libtorch‖ of any parameter's gradient in float64. */
    private static final double TOLERANCE = 1e-9;
    private static final int INNER_STEPS = 5;
    private static final double STEP_SIZE = 0.01;
    private static final double REGULARIZATION = 100.0;
    private static final int CG_ITERATIONS = 10;
    private static final double CG_TOLERANCE = 1e-6;

    private static Parameters theta;
    private static MetaProblem problem;
    private static TaskData tasks;
    private static Tensor[] thetaTensors;
    private static TorchTasks torchTasks;
    private static LibtorchMaml libtorch;

    @BeforeAll
    static void copySinusoidProblem() {
        Mlp model = Mlp.of(Activation.RELU, 1, 40, 40, 1);
        InnerLoop inner = InnerLoop.builder().steps(INNER_STEPS).stepSize(STEP_SIZE).loss(Loss.meanSquaredError()).build();
        problem = MetaProblem.of(model, inner);
        theta = model.initialize(DataType.DOUBLE, 3);
        tasks = TaskData.of(SinusoidTasks.builder().supportSize(10).querySize(10).dataType(DataType.DOUBLE).build().sample(25, 11));
        thetaTensors = TorchArrays.toTensors(theta, DataType.DOUBLE);
        torchTasks = TorchTasks.of(tasks, DataType.DOUBLE, 0);
        libtorch = new LibtorchMaml(new TorchMlp(3), TorchLoss.MEAN_SQUARED_ERROR, INNER_STEPS, STEP_SIZE);
    }

    @Test
    void exactMamlPerTaskLoop() {
        MetaGradient toolkit = Estimators.exact().estimate(problem, theta, tasks);
        assertParity("exact MAML, libtorch task loop", toolkit.gradient(),
                run(() -> libtorch.exactPerTask(thetaTensors, torchTasks)));
    }

    @Test
    void exactMamlBatched() {
        MetaGradient toolkit = Estimators.exact().estimate(problem, theta, tasks);
        assertParity("exact MAML, libtorch batched", toolkit.gradient(),
                run(() -> libtorch.exactBatched(thetaTensors, torchTasks)));
    }

    @Test
    void firstOrderPerTaskLoop() {
        MetaGradient toolkit = Estimators.firstOrder().estimate(problem, theta, tasks);
        assertParity("first-order MAML, libtorch task loop", toolkit.gradient(),
                run(() -> libtorch.firstOrderPerTask(thetaTensors, torchTasks)));
    }

    @Test
    void firstOrderBatched() {
        MetaGradient toolkit = Estimators.firstOrder().estimate(problem, theta, tasks);
        assertParity("first-order MAML, libtorch batched", toolkit.gradient(),
                run(() -> libtorch.firstOrderBatched(thetaTensors, torchTasks)));
    }

    @Test
    void exactAndFirstOrderDiffer() {
        // Parity at 1e-9 only distinguishes the estimators if their values differ by far more.
        MetaGradient exact = Estimators.exact().estimate(problem, theta, tasks);
        MetaGradient firstOrder = Estimators.firstOrder().estimate(problem, theta, tasks);
        double difference = maxRelativeError(firstOrder.gradient(), toDoubles(exact.gradient()), exact.gradient().names());
        LOG.info("exact and first-order MAML differ by {} (max relative error over parameters)", difference);
        assertTrue(difference > 1e3 * TOLERANCE, "exact and first-order gradients differ by only " + difference);
    }

    @Test
    void implicitConjugateGradient() {
        ImplicitMaml estimator = ImplicitMaml.conjugateGradient(REGULARIZATION, CG_ITERATIONS, CG_TOLERANCE);
        MetaGradient toolkit = estimator.estimate(problem, theta, tasks);
        double[][] values;
        int iterations;
        boolean negativeCurvature;
        try (PointerScope scope = new PointerScope()) {
            LibtorchMaml.ImplicitResult result = libtorch.implicitConjugateGradient(thetaTensors, torchTasks, REGULARIZATION,
                    CG_ITERATIONS, CG_TOLERANCE);
            values = toDoubles(result.gradient());
            iterations = result.iterations();
            negativeCurvature = result.negativeCurvature();
        }
        assertFalse(negativeCurvature, "libtorch CG met negative curvature");
        assertFalse(toolkit.diagnostics().negativeCurvature(), "toolkit CG met negative curvature");
        assertEquals(toolkit.diagnostics().solverIterations(), iterations, "CG iterations, toolkit against libtorch");
        assertParity("iMAML CG (λ=" + REGULARIZATION + ", " + iterations + " iterations)", toolkit.gradient(), values);
    }

    @Test
    void exactMamlCrossEntropy() {
        int taskCount = 3;
        int classes = 4;
        Mlp model = Mlp.of(Activation.RELU, 12, 16, 16, classes);
        InnerLoop inner = InnerLoop.builder().steps(2).stepSize(0.1).loss(Loss.crossEntropy()).build();
        MetaProblem classification = MetaProblem.of(model, inner);
        Parameters parameters = model.initialize(DataType.DOUBLE, 5);
        Random rng = Nd4j.getRandomFactory().getNewRandomInstance(17);
        TaskData episodes = new TaskData(Nd4j.randn(rng, new long[] {taskCount, 8, 12}).castTo(DataType.DOUBLE),
                labels(taskCount, 8, classes), Nd4j.randn(rng, new long[] {taskCount, 12, 12}).castTo(DataType.DOUBLE),
                labels(taskCount, 12, classes));
        Tensor[] parameterTensors = TorchArrays.toTensors(parameters, DataType.DOUBLE);
        TorchTasks episodeTensors = TorchTasks.of(episodes, DataType.DOUBLE, classes);
        LibtorchMaml reference = new LibtorchMaml(new TorchMlp(3), TorchLoss.CROSS_ENTROPY, 2, 0.1);

        MetaGradient toolkit = Estimators.exact().estimate(classification, parameters, episodes);
        assertParity("exact MAML, cross-entropy, libtorch task loop", toolkit.gradient(),
                run(() -> reference.exactPerTask(parameterTensors, episodeTensors)));
        assertParity("exact MAML, cross-entropy, libtorch batched", toolkit.gradient(),
                run(() -> reference.exactBatched(parameterTensors, episodeTensors)));
    }

    // ---- helpers ----

    /** Labels 0..C−1 cycling over each task's examples, so every class occurs. */
    private static INDArray labels(int taskCount, int examples, int classes) {
        long[] values = new long[taskCount * examples];
        for (int i = 0; i < values.length; i++) {
            values[i] = (i + i / examples) % classes;
        }
        return Nd4j.createFromArray(values).reshape(taskCount, examples);
    }

    /** Runs libtorch code inside a pointer scope and copies its result out before the scope frees it. */
    private static double[][] run(java.util.function.Supplier<Tensor[]> computation) {
        try (PointerScope scope = new PointerScope()) {
            return toDoubles(computation.get());
        }
    }

    private static double[][] toDoubles(Tensor[] tensors) {
        double[][] out = new double[tensors.length][];
        for (int i = 0; i < tensors.length; i++) {
            out[i] = TorchArrays.toDoubles(tensors[i]);
        }
        return out;
    }

    private static double[][] toDoubles(Parameters parameters) {
        List<String> names = parameters.names();
        double[][] out = new double[names.size()][];
        for (int i = 0; i < names.size(); i++) {
            out[i] = parameters.value(names.get(i)).castTo(DataType.DOUBLE).dup('c').data().asDouble();
        }
        return out;
    }

    private static void assertParity(String label, Parameters toolkit, double[][] reference) {
        double error = maxRelativeError(toolkit, reference, toolkit.names());
        LOG.info("{}: max relative error {}", label, error);
        assertTrue(error <= TOLERANCE, label + ": toolkit and libtorch meta-gradients differ by " + error
                + " (max over parameters of ‖toolkit − libtorch‖ / ‖libtorch‖), tolerance " + TOLERANCE);
    }

    /** The largest ‖a_p − b_p‖ / ‖b_p‖ over the parameters p, in the order of {@code names}. */
    private static double maxRelativeError(Parameters a, double[][] b, List<String> names) {
        double[][] values = toDoubles(a.select(names));
        double worst = 0;
        for (int p = 0; p < names.size(); p++) {
            assertEquals(b[p].length, values[p].length, "length of the gradient of " + names.get(p));
            double difference = 0;
            double norm = 0;
            for (int i = 0; i < values[p].length; i++) {
                difference += (values[p][i] - b[p][i]) * (values[p][i] - b[p][i]);
                norm += b[p][i] * b[p][i];
            }
            worst = Math.max(worst, Math.sqrt(difference / norm));
        }
        return worst;
    }
}
