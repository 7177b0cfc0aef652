package org.metagrad4j.training;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.function.Consumer;
import org.metagrad4j.estimators.Estimators;
import org.metagrad4j.estimators.MetaGradient;
import org.metagrad4j.estimators.MetaGradientEstimator;
import org.metagrad4j.estimators.MetaProblem;
import org.metagrad4j.estimators.TaskData;
import org.metagrad4j.nn.Parameters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Meta-training as a fluent, immutable configuration: each {@code withX} returns a copy, and
 * {@link #train(Parameters)} runs it.
 *
 * <p>Step s draws a meta-batch from the sampler with a seed derived from (seed, s), computes the
 * meta-gradient with the estimator and applies the outer optimiser. The tasks of a meta-batch
 * are processed as one batched computation (leading task dimension). Because every step's tasks
 * follow from (seed, s), a run resumed from a checkpoint equals an uninterrupted one.
 */
public final class MetaTrainer {
    private static final Logger LOG = LoggerFactory.getLogger(MetaTrainer.class);

    private final Settings settings;

    private MetaTrainer(Settings s) {
        if (s.metaBatchSize < 1) {
            throw new IllegalArgumentException("metaBatchSize must be >= 1, got " + s.metaBatchSize);
        }
        if (s.steps < 0) {
            throw new IllegalArgumentException("steps must be >= 0, got " + s.steps);
        }
        Objects.requireNonNull(s.problem, "problem");
        Objects.requireNonNull(s.sampler, "sampler");
        Objects.requireNonNull(s.estimator, "estimator");
        Objects.requireNonNull(s.optimizer, "optimizer");
        Objects.requireNonNull(s.listener, "listener");
        this.settings = s;
    }

    /**
     * A trainer's settings. A trainer never changes its own copy: each {@code withX} call changes a
     * clone and builds a new trainer from it.
     */
    private static final class Settings implements Cloneable {
        MetaProblem problem;
        MetaBatchSampler sampler;
        MetaGradientEstimator estimator = Estimators.exact();
        OuterOptimizer optimizer = OuterOptimizer.adam(0.001);
        int metaBatchSize = 25;
        int steps = 1000;
        long seed;
        MetaBatchSampler validation;
        int validationEvery;
        int validationTasks;
        Path checkpointFile;
        int checkpointEvery;
        Consumer<StepRecord> listener = record -> { };

        Settings copy() {
            try {
                return (Settings) clone();
            } catch (CloneNotSupportedException e) {
                throw new AssertionError("Settings implements Cloneable", e);
            }
        }
    }

    /** Returns a trainer whose settings are this one's after {@code change}. */
    private MetaTrainer with(Consumer<Settings> change) {
        Settings s = settings.copy();
        change.accept(s);
        return new MetaTrainer(s);
    }

    /** A trainer with exact MAML, Adam(0.001), meta-batches of 25, 1000 steps and seed 0. */
    public static MetaTrainer of(MetaProblem problem, MetaBatchSampler sampler) {
        Settings s = new Settings();
        s.problem = problem;
        s.sampler = sampler;
        return new MetaTrainer(s);
    }

    /** A trainer over a task source; see {@link #of(MetaProblem, MetaBatchSampler)}. */
    public static MetaTrainer of(MetaProblem problem, org.metagrad4j.tasks.TaskSource source) {
        return of(problem, MetaBatchSampler.of(source));
    }

    public MetaTrainer withEstimator(MetaGradientEstimator value) {
        return with(s -> s.estimator = value);
    }

    public MetaTrainer withOptimizer(OuterOptimizer value) {
        return with(s -> s.optimizer = value);
    }

    public MetaTrainer withMetaBatchSize(int value) {
        return with(s -> s.metaBatchSize = value);
    }

    public MetaTrainer withSteps(int value) {
        return with(s -> s.steps = value);
    }

    public MetaTrainer withSeed(long value) {
        return with(s -> s.seed = value);
    }

    public MetaTrainer withProblem(MetaProblem value) {
        return with(s -> s.problem = value);
    }

    /**
     * Evaluates on {@code tasks} validation tasks every {@code every} steps and keeps the
     * parameters with the lowest validation loss as {@link MetaTrainingResult#bestParameters()}.
     */
    public MetaTrainer withValidation(MetaBatchSampler value, int every, int tasks) {
        if (every < 1 || tasks < 1) {
            throw new IllegalArgumentException("validation needs every >= 1 and tasks >= 1, got every=" + every + ", tasks=" + tasks);
        }
        return with(s -> {
            s.validation = value;
            s.validationEvery = every;
            s.validationTasks = tasks;
        });
    }

    /** Writes a checkpoint to {@code file} every {@code every} steps and at the end. */
    public MetaTrainer withCheckpoints(Path file, int every) {
        if (every < 1) {
            throw new IllegalArgumentException("checkpoint interval must be >= 1, got " + every);
        }
        return with(s -> {
            s.checkpointFile = file;
            s.checkpointEvery = every;
        });
    }

    /** Calls {@code value} after every step (e.g. to update a progress bar). */
    public MetaTrainer onStep(Consumer<StepRecord> value) {
        return with(s -> s.listener = Objects.requireNonNull(value, "listener"));
    }

    /**
     * Shows a progress bar labelled {@code label} while training (in place in a notebook, a line
     * every few seconds outside one), with the latest meta-loss.
     */
    public MetaTrainer withProgress(String label) {
        return onStep(new Consumer<>() {
            private org.metagrad4j.display.ProgressBar bar;

            @Override
            public void accept(StepRecord record) {
                if (bar == null) {
                    bar = org.metagrad4j.display.ProgressBar.start(label, record.totalSteps());
                }
                bar.status(String.format("meta-loss %.4g", record.queryLossAfter()));
                bar.advance();
                if (record.step() == record.totalSteps()) {
                    bar.close();
                }
            }
        });
    }

    public MetaProblem problem() {
        return settings.problem;
    }

    public MetaGradientEstimator estimator() {
        return settings.estimator;
    }

    public int steps() {
        return settings.steps;
    }

    /** One step's measurements. */
    public record StepRecord(int step, int totalSteps, double queryLossBefore, double queryLossAfter, double accuracyAfter,
                             double millis, long retainedBytes, double validationLoss, double validationAccuracy) {
    }

    /** Meta-trains from {@code initial} (model parameters, plus step sizes when learned). */
    public MetaTrainingResult train(Parameters initial) {
        return run(new Checkpoint(initial.copy(), OuterOptimizer.State.initial(), 0, settings.seed, new History()));
    }

    /** Continues the run saved in {@code file}; the result equals an uninterrupted run with the same settings. */
    public MetaTrainingResult resume(Path file) {
        try {
            Checkpoint checkpoint = Checkpoint.load(file);
            if (checkpoint.seed() != settings.seed) {
                throw new IllegalArgumentException("checkpoint " + file + " was written with seed " + checkpoint.seed()
                        + " but this trainer has seed " + settings.seed + "; use withSeed(" + checkpoint.seed() + ")");
            }
            return run(checkpoint);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot resume from " + file + ": " + e.getMessage(), e);
        }
    }

    private MetaTrainingResult run(Checkpoint start) {
        Parameters parameters = start.parameters();
        OuterOptimizer.State state = start.state();
        History history = start.history();
        Parameters best = parameters;
        double bestValidation = Double.POSITIVE_INFINITY;
        for (int step = start.step(); step < settings.steps; step++) {
            MetaGradient gradient;
            try {
                TaskData batch = settings.sampler.sample(settings.metaBatchSize, seedForStep(settings.seed, step));
                gradient = settings.estimator.estimate(settings.problem, parameters, batch);
            } catch (ArithmeticException e) {
                throw new ArithmeticException("meta-training step " + step + " with " + settings.estimator.name() + ": "
                        + e.getMessage());
            }
            OuterOptimizer.Update update = settings.optimizer.update(parameters, gradient.gradient(), state);
            parameters = update.parameters();
            state = update.state();

            double validationLoss = Double.NaN;
            double validationAccuracy = Double.NaN;
            if (settings.validation != null && ((step + 1) % settings.validationEvery == 0 || step + 1 == settings.steps)) {
                MetaTestResult result = MetaTestResult.evaluate(settings.problem, parameters, settings.validation,
                        settings.validationTasks, Math.min(settings.validationTasks, settings.metaBatchSize),
                        seedForStep(~settings.seed, step));
                validationLoss = result.meanLoss();
                validationAccuracy = result.meanAccuracy();
                if (validationLoss < bestValidation) {
                    bestValidation = validationLoss;
                    best = parameters;
                }
            }
            var d = gradient.diagnostics();
            StepRecord record = new StepRecord(step + 1, settings.steps, d.queryLossBefore(), d.queryLossAfter(),
                    d.accuracyAfter(), d.wallMillis(), d.retainedBytes(), validationLoss, validationAccuracy);
            history.add(record);
            settings.listener.accept(record);
            boolean lastStep = step + 1 == settings.steps;
            if (settings.checkpointFile != null && ((step + 1) % settings.checkpointEvery == 0 || lastStep)) {
                save(new Checkpoint(parameters, state, step + 1, settings.seed, history));
            }
        }
        if (settings.validation == null) {
            best = parameters;
        }
        LOG.debug("meta-training finished: {} steps with {}", settings.steps, settings.estimator.name());
        return new MetaTrainingResult(parameters, best, history.toTable(settings.estimator.name()), settings.estimator.name());
    }

    private void save(Checkpoint checkpoint) {
        try {
            checkpoint.save(settings.checkpointFile);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write checkpoint " + settings.checkpointFile + ": " + e.getMessage(), e);
        }
    }

    /** The seed of step {@code step}'s meta-batch: SplitMix64 of the run seed and the step. */
    public static long seedForStep(long seed, long step) {
        long z = seed + 0x9E3779B97F4A7C15L * (step + 1);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    @Override
    public String toString() {
        Settings s = settings;
        return "MetaTrainer[problem=" + s.problem + ", estimator=" + s.estimator.name() + ", optimizer=" + s.optimizer
                + ", metaBatchSize=" + s.metaBatchSize + ", steps=" + s.steps + ", seed=" + s.seed
                + (s.validation != null ? ", validation every " + s.validationEvery + " steps on " + s.validationTasks + " tasks"
                        : "")
                + (s.checkpointFile != null ? ", checkpoint " + s.checkpointFile + " every " + s.checkpointEvery : "") + "]";
    }
}
