package org.metagrad4j.tasks;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import org.metagrad4j.runtime.Nd4jRuntime;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Sinusoid regression tasks, the toy problem of Finn, Abbeel and Levine, "Model-Agnostic
 * Meta-Learning for Fast Adaptation of Deep Networks", ICML 2017: each task is
 * {@code y = A sin(x − φ)} with its own amplitude A and phase φ, and inputs x drawn uniformly.
 *
 * <p>Symbols and builder methods: A ~ U[{@code amplitudeRange}] (default [0.1, 5]), φ ~
 * U[{@code phaseRange}] (default [0, π]), x ~ U[{@code inputRange}] (default [−5, 5]), K =
 * {@code supportSize} (default 10) and the query size {@code querySize} (default 10). Inputs and
 * targets have shape {@code [n, 1]} in {@code dataType} (default FLOAT). Task metadata contains
 * {@code "amplitude"} and {@code "phase"}, and {@link #trueValues(Task, INDArray)} evaluates a task's
 * function, for example on a grid for plotting.
 */
public final class SinusoidTasks implements TaskSource {
    private final double minAmplitude;
    private final double maxAmplitude;
    private final double minPhase;
    private final double maxPhase;
    private final double minInput;
    private final double maxInput;
    private final int supportSize;
    private final int querySize;
    private final DataType dataType;

    private SinusoidTasks(Builder builder) {
        this.minAmplitude = builder.minAmplitude;
        this.maxAmplitude = builder.maxAmplitude;
        this.minPhase = builder.minPhase;
        this.maxPhase = builder.maxPhase;
        this.minInput = builder.minInput;
        this.maxInput = builder.maxInput;
        this.supportSize = builder.supportSize;
        this.querySize = builder.querySize;
        this.dataType = builder.dataType;
    }

    /** Returns a builder with the MAML paper's defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** Returns a builder preset with this configuration, to change a few settings. */
    public Builder toBuilder() {
        return new Builder()
                .amplitudeRange(minAmplitude, maxAmplitude)
                .phaseRange(minPhase, maxPhase)
                .inputRange(minInput, maxInput)
                .supportSize(supportSize)
                .querySize(querySize)
                .dataType(dataType);
    }

    @Override
    public TaskBatch sample(int count, long seed) {
        long[] seeds = TaskSeeds.derive(count, seed);
        List<Task> tasks = new ArrayList<>(count);
        for (long taskSeed : seeds) {
            tasks.add(task(taskSeed));
        }
        return TaskBatch.of(tasks);
    }

    /**
     * Returns the task for a task seed: the one {@link #sample(int, long)} produces for that seed.
     *
     * @param taskSeed a value of {@link Task#seed()}
     */
    public Task task(long taskSeed) {
        Nd4jRuntime.ensureConfigured();
        Random random = new Random(taskSeed);
        double amplitude = uniform(random, minAmplitude, maxAmplitude);
        double phase = uniform(random, minPhase, maxPhase);
        double[] supportX = inputs(random, supportSize);
        double[] queryX = inputs(random, querySize);
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("amplitude", amplitude);
        metadata.put("phase", phase);
        return Task.regression(column(supportX), column(sine(amplitude, phase, supportX)),
                column(queryX), column(sine(amplitude, phase, queryX)), metadata, taskSeed);
    }

    private static double uniform(Random random, double low, double high) {
        return low + (high - low) * random.nextDouble();
    }

    private double[] inputs(Random random, int count) {
        double[] x = new double[count];
        for (int i = 0; i < count; i++) {
            x[i] = uniform(random, minInput, maxInput);
        }
        return x;
    }

    private static double[] sine(double amplitude, double phase, double[] x) {
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = amplitude * Math.sin(x[i] - phase);
        }
        return y;
    }

    private INDArray column(double[] values) {
        return Nd4j.create(values, new long[] {values.length, 1}, dataType);
    }

    /**
     * Evaluates a sinusoid task's true function {@code A sin(x − φ)} at given inputs.
     *
     * @param task a task with {@code "amplitude"} and {@code "phase"} metadata
     * @param x    inputs of any shape, such as {@code [n, 1]} on a plotting grid
     * @return the values, same shape and type as {@code x}
     * @throws IllegalArgumentException if the task has no amplitude and phase
     */
    public static INDArray trueValues(Task task, INDArray x) {
        Object amplitude = task.metadata().get("amplitude");
        Object phase = task.metadata().get("phase");
        if (!(amplitude instanceof Number a) || !(phase instanceof Number p)) {
            throw new IllegalArgumentException("task has no numeric 'amplitude' and 'phase' metadata; pass a task from SinusoidTasks");
        }
        return trueValues(a.doubleValue(), p.doubleValue(), x);
    }

    /**
     * Evaluates {@code amplitude · sin(x − phase)}.
     *
     * @param amplitude A
     * @param phase     φ in radians
     * @param x         inputs of any shape and floating-point type
     * @return the values, same shape and type as {@code x}
     */
    public static INDArray trueValues(double amplitude, double phase, INDArray x) {
        Nd4jRuntime.ensureConfigured();
        Objects.requireNonNull(x, "x");
        double[] values = sine(amplitude, phase, x.castTo(DataType.DOUBLE).dup('c').data().asDouble());
        return Nd4j.create(values, x.shape(), x.dataType());
    }

    /** Returns a grid of {@code points} inputs evenly spaced over the input range, {@code [points, 1]}, for plotting. */
    public INDArray inputGrid(int points) {
        if (points < 2) {
            throw new IllegalArgumentException("points must be >= 2, got " + points);
        }
        Nd4jRuntime.ensureConfigured();
        double[] x = new double[points];
        for (int i = 0; i < points; i++) {
            x[i] = minInput + (maxInput - minInput) * i / (points - 1);
        }
        return column(x);
    }

    @Override
    public DataType dataType() {
        return dataType;
    }

    @Override
    public TaskKind kind() {
        return TaskKind.REGRESSION;
    }

    /** Returns the number of support examples K per task. */
    public int supportSize() {
        return supportSize;
    }

    /** Returns the number of query examples per task. */
    public int querySize() {
        return querySize;
    }

    /** Returns the whole configuration. */
    @Override
    public String toString() {
        return "SinusoidTasks{amplitude=U[" + minAmplitude + ", " + maxAmplitude + "], phase=U[" + minPhase + ", " + maxPhase
                + "], input=U[" + minInput + ", " + maxInput + "], supportSize=" + supportSize + ", querySize=" + querySize
                + ", dataType=" + dataType + "}";
    }

    /** Builder of {@link SinusoidTasks}; {@link #build()} validates the settings. */
    public static final class Builder {
        private double minAmplitude = 0.1;
        private double maxAmplitude = 5.0;
        private double minPhase = 0.0;
        private double maxPhase = Math.PI;
        private double minInput = -5.0;
        private double maxInput = 5.0;
        private int supportSize = 10;
        private int querySize = 10;
        private DataType dataType = DataType.FLOAT;

        private Builder() {
        }

        /** Sets the range of the amplitude A (default [0.1, 5]). */
        public Builder amplitudeRange(double min, double max) {
            this.minAmplitude = min;
            this.maxAmplitude = max;
            return this;
        }

        /** Sets the range of the phase φ in radians (default [0, π]). */
        public Builder phaseRange(double min, double max) {
            this.minPhase = min;
            this.maxPhase = max;
            return this;
        }

        /** Sets the range inputs x are drawn from (default [−5, 5]). */
        public Builder inputRange(double min, double max) {
            this.minInput = min;
            this.maxInput = max;
            return this;
        }

        /** Sets the number of support examples K per task (default 10). */
        public Builder supportSize(int size) {
            this.supportSize = size;
            return this;
        }

        /** Sets the number of query examples per task (default 10). */
        public Builder querySize(int size) {
            this.querySize = size;
            return this;
        }

        /** Sets the floating-point type of inputs and targets (default FLOAT). */
        public Builder dataType(DataType type) {
            this.dataType = Objects.requireNonNull(type, "dataType");
            return this;
        }

        /**
         * Returns the task source.
         *
         * @throws IllegalArgumentException if a range is empty or not finite, a size is below 1, or the type is not floating point
         */
        public SinusoidTasks build() {
            checkRange("amplitudeRange", minAmplitude, maxAmplitude);
            checkRange("phaseRange", minPhase, maxPhase);
            checkRange("inputRange", minInput, maxInput);
            if (supportSize < 1) {
                throw new IllegalArgumentException("supportSize must be >= 1, got " + supportSize);
            }
            if (querySize < 1) {
                throw new IllegalArgumentException("querySize must be >= 1, got " + querySize);
            }
            if (!dataType.isFPType()) {
                throw new IllegalArgumentException("dataType must be a floating-point type such as FLOAT or DOUBLE, got " + dataType);
            }
            return new SinusoidTasks(this);
        }

        private static void checkRange(String name, double min, double max) {
            if (!Double.isFinite(min) || !Double.isFinite(max) || !(min < max)) {
                throw new IllegalArgumentException(name + " must have finite bounds with lower < upper, got [" + min + ", " + max
                        + "]; pass " + name + "(lower, upper) with lower < upper");
            }
        }
    }
}
