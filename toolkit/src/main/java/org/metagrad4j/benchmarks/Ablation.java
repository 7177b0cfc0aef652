package org.metagrad4j.benchmarks;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.IntFunction;
import org.metagrad4j.display.ProgressBar;
import org.metagrad4j.estimators.Estimators;
import org.metagrad4j.estimators.MetaGradient;
import org.metagrad4j.estimators.MetaGradientEstimator;
import org.metagrad4j.estimators.MetaProblem;
import org.metagrad4j.estimators.TaskData;
import org.metagrad4j.nn.Module;
import org.metagrad4j.nn.Parameters;
import org.metagrad4j.training.MetaBatchSampler;
import org.metagrad4j.training.MetaTestResult;
import org.metagrad4j.training.MetaTrainer;
import org.metagrad4j.training.OuterOptimizer;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Measures estimators side by side on the same tasks and parameters: agreement with the exact
 * meta-gradient (cosine, relative error), time per meta-step (median and 10th–90th percentile
 * over repeats after warm-up), peak retained bytes, and the meta-test loss and accuracy after
 * meta-training with the same budget. The entries run alternately, so machine load affects all
 * of them alike. Sweeps over inner steps K and model width show how the costs grow.
 *
 * <p>An immutable fluent configuration: each {@code withX} returns a copy, {@link #run} measures.
 */
public final class Ablation {
    /** One configuration measured: a label, the problem (a surrogate may change it) and the estimator. */
    public record Entry(String label, MetaProblem problem, MetaGradientEstimator estimator) {
        public Entry {
            Objects.requireNonNull(label, "label");
            Objects.requireNonNull(problem, "problem");
            Objects.requireNonNull(estimator, "estimator");
        }
    }

    private final MetaProblem problem;
    private final MetaBatchSampler sampler;
    private final MetaBatchSampler testSampler;
    private final List<Entry> entries;
    private final MetaGradientEstimator reference;
    private final int metaBatchSize;
    private final int warmup;
    private final int repeats;
    private final int trainingSteps;
    private final OuterOptimizer optimizer;
    private final int testTasks;
    private final long seed;
    private final boolean progress;

    private Ablation(MetaProblem problem, MetaBatchSampler sampler, MetaBatchSampler testSampler, List<Entry> entries,
                     MetaGradientEstimator reference, int metaBatchSize, int warmup, int repeats, int trainingSteps,
                     OuterOptimizer optimizer, int testTasks, long seed, boolean progress) {
        if (metaBatchSize < 1 || warmup < 0 || repeats < 1 || trainingSteps < 0 || testTasks < 2) {
            throw new IllegalArgumentException("ablation needs metaBatchSize >= 1, warmup >= 0, repeats >= 1, trainingSteps >= 0"
                    + " and testTasks >= 2; got metaBatchSize=" + metaBatchSize + ", warmup=" + warmup + ", repeats=" + repeats
                    + ", trainingSteps=" + trainingSteps + ", testTasks=" + testTasks);
        }
        this.problem = problem;
        this.sampler = sampler;
        this.testSampler = testSampler;
        this.entries = List.copyOf(entries);
        this.reference = reference;
        this.metaBatchSize = metaBatchSize;
        this.warmup = warmup;
        this.repeats = repeats;
        this.trainingSteps = trainingSteps;
        this.optimizer = optimizer;
        this.testTasks = testTasks;
        this.seed = seed;
        this.progress = progress;
    }

    /**
     * An ablation of {@code problem} on tasks from {@code sampler} (meta-test tasks from the same
     * sampler unless {@link #withTestTasks(MetaBatchSampler, int)} sets others), with exact MAML
     * (unrolled) as the reference, meta-batches of 25, 3 warm-up and 10 timed repeats, 200 Adam(1e-3)
     * training steps and 200 test tasks.
     */
    public static Ablation of(MetaProblem problem, MetaBatchSampler sampler) {
        return new Ablation(problem, sampler, sampler, List.of(), Estimators.exact(), 25, 3, 10, 200, OuterOptimizer.adam(1e-3),
                200, 0, false);
    }

    /** An ablation over a task source. */
    public static Ablation of(MetaProblem problem, org.metagrad4j.tasks.TaskSource source) {
        return of(problem, MetaBatchSampler.of(source));
    }

    /** Adds each estimator on the base problem, labelled by its name. */
    public Ablation withEstimators(List<MetaGradientEstimator> estimators) {
        List<Entry> list = new ArrayList<>(entries);
        for (MetaGradientEstimator e : estimators) {
            list.add(new Entry(e.name(), problem, e));
        }
        return copy(list, metaBatchSize, warmup, repeats, trainingSteps, optimizer, testSampler, testTasks, seed, progress);
    }

    /** Adds an entry with its own problem (e.g. a surrogate inner loss or outer loss). */
    public Ablation withEntry(String label, MetaProblem variant, MetaGradientEstimator estimator) {
        List<Entry> list = new ArrayList<>(entries);
        list.add(new Entry(label, variant, estimator));
        return copy(list, metaBatchSize, warmup, repeats, trainingSteps, optimizer, testSampler, testTasks, seed, progress);
    }

    public Ablation withMetaBatchSize(int value) {
        return copy(entries, value, warmup, repeats, trainingSteps, optimizer, testSampler, testTasks, seed, progress);
    }

    /** Untimed warm-up estimates and timed repeats per entry. */
    public Ablation withRepeats(int warmupRuns, int timedRuns) {
        return copy(entries, metaBatchSize, warmupRuns, timedRuns, trainingSteps, optimizer, testSampler, testTasks, seed, progress);
    }

    /** Meta-training budget per entry (0 skips training and the meta-test columns). */
    public Ablation withTraining(int steps, OuterOptimizer outerOptimizer) {
        return copy(entries, metaBatchSize, warmup, repeats, steps, outerOptimizer, testSampler, testTasks, seed, progress);
    }

    /** Meta-test tasks (e.g. the meta-test split) and how many to evaluate. */
    public Ablation withTestTasks(MetaBatchSampler value, int tasks) {
        return copy(entries, metaBatchSize, warmup, repeats, trainingSteps, optimizer, value, tasks, seed, progress);
    }

    public Ablation withSeed(long value) {
        return copy(entries, metaBatchSize, warmup, repeats, trainingSteps, optimizer, testSampler, testTasks, value, progress);
    }

    /** Shows a progress bar while running. */
    public Ablation withProgress(boolean value) {
        return copy(entries, metaBatchSize, warmup, repeats, trainingSteps, optimizer, testSampler, testTasks, seed, value);
    }

    private Ablation copy(List<Entry> list, int batch, int warm, int rep, int steps, OuterOptimizer opt, MetaBatchSampler test,
                          int tasks, long s, boolean show) {
        return new Ablation(problem, sampler, test, list, reference, batch, warm, rep, steps, opt, tasks, s, show);
    }

    /** Measures every entry from {@code initial} meta-parameters. */
    public AblationResult run(Parameters initial) {
        if (entries.isEmpty()) {
            throw new IllegalStateException("no estimator to measure; add some with withEstimators(...) or withEntry(...)");
        }
        TaskData tasks = sampler.sample(metaBatchSize, seed);
        MetaGradient exact = reference.estimate(problem, initial, tasks);
        long work = (long) entries.size() * (warmup + repeats + trainingSteps);
        List<AblationResult.Row> rows = new ArrayList<>();
        double[][] millis = new double[entries.size()][repeats];
        MetaGradient[] estimates = new MetaGradient[entries.size()];
        try (ProgressBar bar = progress ? ProgressBar.start("ablation", work) : null) {
            for (int r = 0; r < warmup + repeats; r++) {
                for (int e = 0; e < entries.size(); e++) {
                    Entry entry = entries.get(e);
                    MetaGradient g = entry.estimator().estimate(entry.problem(), initial, tasks);
                    if (r >= warmup) {
                        millis[e][r - warmup] = g.diagnostics().wallMillis();
                    }
                    estimates[e] = g;
                    if (bar != null) {
                        bar.advance();
                    }
                }
            }
            for (int e = 0; e < entries.size(); e++) {
                Entry entry = entries.get(e);
                double[] sorted = millis[e].clone();
                Arrays.sort(sorted);
                double loss = Double.NaN;
                double lossInterval = Double.NaN;
                double accuracy = Double.NaN;
                double accuracyInterval = Double.NaN;
                if (trainingSteps > 0) {
                    Parameters trained = MetaTrainer.of(entry.problem(), sampler).withEstimator(entry.estimator())
                            .withOptimizer(optimizer).withMetaBatchSize(metaBatchSize).withSteps(trainingSteps).withSeed(seed)
                            .onStep(record -> {
                                if (bar != null) {
                                    bar.advance();
                                }
                            }).train(initial).parameters();
                    // Meta-test with the base problem: surrogates are judged by the true objective.
                    MetaTestResult test = MetaTestResult.evaluate(entry.label(), problem, trained, testSampler, testTasks,
                            metaBatchSize, ~seed);
                    loss = test.meanLoss();
                    lossInterval = test.lossInterval();
                    accuracy = test.meanAccuracy();
                    accuracyInterval = test.accuracyInterval();
                }
                MetaGradient g = estimates[e];
                rows.add(new AblationResult.Row(entry.label(), g.cosine(exact), g.relativeError(exact), sorted[sorted.length / 2],
                        sorted[sorted.length / 10], sorted[(sorted.length * 9) / 10], g.diagnostics().retainedBytes(),
                        loss, lossInterval, accuracy, accuracyInterval));
            }
        }
        return new AblationResult(rows);
    }

    /**
     * Time, retained bytes and agreement with exact MAML for every entry at each number of inner
     * steps (no training), showing how each cost grows with K.
     */
    public SweepResult sweepInnerSteps(Parameters initial, int... steps) {
        List<SweepResult.Point> points = new ArrayList<>();
        TaskData tasks = sampler.sample(metaBatchSize, seed);
        for (int k : steps) {
            MetaProblem base = problem.withInnerLoop(problem.innerLoop().withSteps(k));
            MetaGradient exact = reference.estimate(base, initial, tasks);
            for (Entry entry : entries) {
                MetaProblem variant = entry.problem().withInnerLoop(entry.problem().innerLoop().withSteps(k));
                points.add(measure(entry.label(), k, variant, entry.estimator(), initial, tasks, exact));
            }
        }
        return new SweepResult("inner steps K", points);
    }

    /**
     * The same measurements for models of each width, built by {@code modelOfWidth} and initialised
     * with the given data type and the ablation's seed.
     */
    public SweepResult sweepWidth(IntFunction<Module> modelOfWidth, DataType type, int... widths) {
        List<SweepResult.Point> points = new ArrayList<>();
        TaskData tasks = sampler.sample(metaBatchSize, seed);
        for (int width : widths) {
            Module model = modelOfWidth.apply(width);
            Parameters initial = model.initialize(type, seed);
            MetaProblem base = new MetaProblem(model, problem.innerLoop(), problem.outerLoss());
            MetaGradient exact = reference.estimate(base, initial, tasks);
            for (Entry entry : entries) {
                MetaProblem variant = new MetaProblem(model, entry.problem().innerLoop(), entry.problem().outerLoss());
                points.add(measure(entry.label(), width, variant, entry.estimator(), initial, tasks, exact));
            }
        }
        return new SweepResult("width", points);
    }

    private SweepResult.Point measure(String label, int x, MetaProblem variant, MetaGradientEstimator estimator, Parameters initial,
                                      TaskData tasks, MetaGradient exact) {
        double[] times = new double[repeats];
        MetaGradient g = null;
        for (int r = 0; r < warmup + repeats; r++) {
            g = estimator.estimate(variant, initial, tasks);
            if (r >= warmup) {
                times[r - warmup] = g.diagnostics().wallMillis();
            }
        }
        Arrays.sort(times);
        return new SweepResult.Point(label, x, times[times.length / 2], g.diagnostics().retainedBytes(), g.cosine(exact));
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Ablation[problem=").append(problem).append(", reference=").append(reference.name())
                .append(", metaBatchSize=").append(metaBatchSize).append(", warmup=").append(warmup).append(", repeats=")
                .append(repeats).append(", trainingSteps=").append(trainingSteps).append(", optimizer=").append(optimizer)
                .append(", testTasks=").append(testTasks).append(", seed=").append(seed).append(", entries=");
        for (Entry e : entries) {
            sb.append("\n  ").append(e.label());
            if (!e.label().equals(e.estimator().name())) {
                sb.append(": ").append(e.estimator().name());
            }
        }
        return sb.append(']').toString();
    }
}
