package org.metagrad4j.estimators;

import org.metagrad4j.autodiff.Tensor;
import org.metagrad4j.inner.InnerLoop;
import org.metagrad4j.nn.Activation;
import org.metagrad4j.nn.Loss;
import org.metagrad4j.nn.Mlp;
import org.metagrad4j.nn.Parameters;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.rng.Random;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Seeded sinusoid regression tasks y = A sin(x + p) on a small tanh MLP, and the meta-objective
 * F(θ) with its directional derivatives by central differences as the reference for the estimators.
 */
final class SinusoidProblem {
    static final double STEP_SIZE = 0.05;
    static final int STEPS = 3;

    final Mlp mlp;
    final DataType type;
    final TaskData tasks;
    final Parameters parameters;

    /**
     * @param hidden   width of each of the two hidden layers
     * @param tasks    number of tasks T
     * @param examples support and query examples per task
     */
    SinusoidProblem(int hidden, int tasks, int examples, DataType type, long seed) {
        this.mlp = Mlp.of(Activation.TANH, 1, hidden, hidden, 1);
        this.type = type;
        this.parameters = mlp.initialize(type, seed);
        Random rng = Nd4j.getRandomFactory().getNewRandomInstance(seed + 1);
        INDArray amplitude = uniform(rng, tasks, 0.5, 2.0).reshape(tasks, 1, 1);
        INDArray phase = uniform(rng, tasks, 0, Math.PI).reshape(tasks, 1, 1);
        INDArray supportX = uniform(rng, tasks * examples, -5, 5).reshape(tasks, examples, 1);
        INDArray queryX = uniform(rng, tasks * examples, -5, 5).reshape(tasks, examples, 1);
        this.tasks = new TaskData(supportX.castTo(type), targets(supportX, amplitude, phase).castTo(type),
                queryX.castTo(type), targets(queryX, amplitude, phase).castTo(type));
    }

    /** Three tasks of ten examples on a 1-8-8-1 MLP in float64. */
    static SinusoidProblem small() {
        return new SinusoidProblem(8, 3, 10, DataType.DOUBLE, 7);
    }

    private static INDArray uniform(Random rng, int count, double low, double high) {
        return Nd4j.rand(rng, new long[] {count}).castTo(DataType.DOUBLE).muli(high - low).addi(low);
    }

    private static INDArray targets(INDArray x, INDArray amplitude, INDArray phase) {
        return Transforms.sin(x.add(phase.broadcast(x.shape()))).muli(amplitude.broadcast(x.shape()));
    }

    /** K = 3 plain SGD steps of α = 0.05 on the mean squared error, all parameters adapted. */
    static InnerLoop innerLoop() {
        return InnerLoop.builder().steps(STEPS).stepSize(STEP_SIZE).loss(Loss.meanSquaredError()).build();
    }

    MetaProblem problem(InnerLoop inner) {
        return MetaProblem.of(mlp, inner);
    }

    /** F at {@code meta}: the mean query loss after the inner loop. */
    static double metaObjective(MetaProblem problem, Parameters meta, TaskData tasks) {
        return new FirstOrderMaml().estimate(problem, meta, tasks).diagnostics().queryLossAfter();
    }

    /** The central difference [F(θ + h·d) − F(θ − h·d)] / (2h) along {@code direction} in the entry {@code name}. */
    static double directionalDifference(MetaProblem problem, Parameters meta, TaskData tasks, String name, INDArray direction,
                                        double h) {
        INDArray value = meta.value(name);
        double plus = metaObjective(problem, meta.with(name, Tensor.constant(value.add(direction.mul(h)))), tasks);
        double minus = metaObjective(problem, meta.with(name, Tensor.constant(value.sub(direction.mul(h)))), tasks);
        return (plus - minus) / (2 * h);
    }

    /** ‖actual − expected‖ / ‖expected‖ over all entries. */
    static double relativeError(Parameters actual, Parameters expected) {
        return actual.castTo(DataType.DOUBLE).sub(expected.castTo(DataType.DOUBLE)).norm() / expected.norm();
    }
}
