package org.metagrad4j.estimators;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.metagrad4j.autodiff.GradOptions;
import org.metagrad4j.autodiff.Tape;
import org.metagrad4j.autodiff.Tensor;
import org.metagrad4j.curvature.EpsilonPolicy;
import org.metagrad4j.inner.InnerLoop;
import org.metagrad4j.inner.InnerOptimizer;
import org.metagrad4j.inner.StepAwareLoss;
import org.metagrad4j.nn.Loss;
import org.metagrad4j.nn.Losses;
import org.metagrad4j.nn.Parameters;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The shared mechanics of the estimators: splitting meta-parameters, the support and query
 * losses on a batched meta-batch, and the inner loop run with or without a recorded graph.
 */
final class Adaptation {
    /** The parameters, predictions and per-task losses of the last query loss computed. */
    private Parameters lastQueryParameters;
    private INDArray lastQueryPredictions;
    private INDArray lastQueryPerTask;

    final MetaProblem problem;
    final TaskData tasks;
    final int taskCount;
    private final Map<Integer, INDArray[]> supportByStep = new HashMap<>();

    Adaptation(MetaProblem problem, TaskData tasks) {
        this.problem = problem;
        this.tasks = tasks;
        this.taskCount = tasks.taskCount();
    }

    // ---- meta-parameter split ----

    /** The model's parameters among the meta-parameters (everything but step sizes). */
    static Parameters modelPart(Parameters meta) {
        return meta.select(name -> !name.startsWith(InnerLoop.STEP_SIZE_PREFIX));
    }

    /** Learned step sizes renamed to the parameters they scale, or null when the inner loop uses a scalar. */
    Parameters stepSizes(Parameters meta) {
        InnerLoop inner = problem.innerLoop();
        if (!inner.learnedStepSizes()) {
            return null;
        }
        Map<String, Tensor> map = new LinkedHashMap<>();
        for (String name : adapted(modelPart(meta)).names()) {
            String key = InnerLoop.STEP_SIZE_PREFIX + name;
            if (!meta.contains(key)) {
                throw new IllegalArgumentException("learned step sizes are on but '" + key + "' is missing from the meta-parameters; "
                        + "build them with innerLoop.metaParameters(modelParameters)");
            }
            map.put(name, meta.get(key));
        }
        return Parameters.ofTensors(map);
    }

    Parameters adapted(Parameters model) {
        return problem.innerLoop().adapted().adapted(model);
    }

    // ---- losses ----

    /**
     * Σ over tasks of the support loss of inner step {@code step} at per-task adapted parameters
     * φ [T, ...] and frozen parameters. A {@link StepAwareLoss} chooses the step's support examples
     * and loss; any other loss is the same at every step.
     */
    Tensor supportLoss(Parameters phi, Parameters frozen, int step) {
        Loss loss = problem.innerLoop().loss();
        if (!(loss instanceof StepAwareLoss stepAware)) {
            Tensor predictions = problem.model().forward(frozen.merge(phi), Tensor.constant(tasks.supportInputs()));
            return loss.perTask(predictions, tasks.supportTargets()).sum();
        }
        INDArray[] support = supportAt(stepAware, step);
        Tensor predictions = problem.model().forward(frozen.merge(phi), Tensor.constant(support[0]));
        return stepAware.perTask(predictions, support[1], step, tasks.taskSeeds()).sum();
    }

    /** Returns the support inputs and targets that step {@code step} of a step-aware loss evaluates, computed once per step. */
    private INDArray[] supportAt(StepAwareLoss loss, int step) {
        return supportByStep.computeIfAbsent(step, k -> {
            long supportSize = tasks.supportInputs().size(1);
            long[][] rows = loss.supportExamples(k, tasks.taskSeeds(), supportSize);
            if (rows == null) {
                return new INDArray[] {tasks.supportInputs(), tasks.supportTargets()};
            }
            return new INDArray[] {selectExamples(tasks.supportInputs(), rows), selectExamples(tasks.supportTargets(), rows)};
        });
    }

    /** Selects rows {@code rows[t]} of task t from a stacked array {@code [T, n, ...]}, giving {@code [T, m, ...]}. */
    static INDArray selectExamples(INDArray stacked, long[][] rows) {
        long[] shape = stacked.shape();
        long count = shape[0];
        long examples = shape[1];
        if (rows.length != count) {
            throw new IllegalArgumentException("supportExamples returned " + rows.length + " rows of positions for " + count
                    + " tasks; return one row per task");
        }
        int kept = rows[0].length;
        int[] flat = new int[(int) count * kept];
        for (int t = 0; t < count; t++) {
            if (rows[t].length != kept || kept == 0) {
                throw new IllegalArgumentException("supportExamples must keep the same number (> 0) of examples in every task, got "
                        + rows[t].length + " for task " + t + " and " + kept + " for task 0");
            }
            for (int j = 0; j < kept; j++) {
                long row = rows[t][j];
                if (row < 0 || row >= examples) {
                    throw new IllegalArgumentException("supportExamples: position " + row + " of task " + t
                            + " is outside the support set [0, " + examples + ")");
                }
                flat[t * kept + j] = (int) (t * examples + row);
            }
        }
        long rest = stacked.length() / (count * examples);
        INDArray matrix = stacked.dup('c').reshape('c', count * examples, rest);
        long[] outShape = shape.clone();
        outShape[1] = kept;
        return matrix.getRows(flat).reshape('c', outShape);
    }

    /** Mean over tasks of the query loss. */
    Tensor queryLoss(Parameters phi, Parameters frozen) {
        return queryLossPerTask(phi, frozen).mean();
    }

    Tensor queryLossPerTask(Parameters phi, Parameters frozen) {
        Parameters all = frozen.merge(phi);
        Tensor predictions = problem.model().forward(all, Tensor.constant(tasks.queryInputs()));
        Tensor perTask = problem.outerLoss().perTask(predictions, tasks.queryInputs(), tasks.queryTargets());
        lastQueryParameters = all;
        lastQueryPredictions = predictions.value();
        lastQueryPerTask = perTask.value();
        return perTask;
    }

    /**
     * Returns the mean query loss and accuracy (NaN for regression) at constant parameters. When the
     * last query loss was computed from the same arrays, its predictions are reused, so the
     * diagnostics of an estimate cost no second forward pass.
     */
    double[] evaluateQuery(Parameters phi, Parameters frozen) {
        Parameters all = frozen.detach().merge(phi.detach());
        INDArray predictions;
        double loss;
        if (sameArrays(all, lastQueryParameters)) {
            predictions = lastQueryPredictions;
            loss = Tensor.constant(lastQueryPerTask).mean().item();
        } else {
            Tensor output = problem.model().forward(all, Tensor.constant(tasks.queryInputs()));
            predictions = output.value();
            loss = problem.outerLoss().perTask(output, tasks.queryInputs(), tasks.queryTargets()).mean().item();
        }
        double accuracy = tasks.isClassification()
                ? Losses.accuracy(predictions, tasks.queryTargets()).meanNumber().doubleValue() : Double.NaN;
        return new double[] {loss, accuracy};
    }

    /** Returns whether {@code a} and {@code b} name the same entries, in order, backed by the same arrays. */
    private static boolean sameArrays(Parameters a, Parameters b) {
        if (b == null || !a.names().equals(b.names())) {
            return false;
        }
        for (String name : a.names()) {
            if (a.get(name).value() != b.get(name).value()) {
                return false;
            }
        }
        return true;
    }

    // ---- inner loop ----

    /** The result of an inner loop: final φ_K, stored iterates and gradients, and peak tape bytes. */
    static final class Run {
        Parameters last;
        final List<Parameters> iterates = new ArrayList<>();
        final List<Parameters> gradients = new ArrayList<>();
        Parameters lastDirection;
        Parameters beforeLast;
        List<Parameters> state = List.of();
        long peakTapeBytes;
    }

    /**
     * Runs {@code steps} inner steps from φ with constants only (nothing recorded): a fresh tape per
     * step gives the gradient, which is then freed.
     *
     * @param proximal   with λ > 0, adds (λ/2)‖φ − anchor‖² per task to the support loss (iMAML)
     * @param keep       store φ_k and ∇L_S(φ_k) for k = 0..steps−1
     */
    Run runConstant(Parameters start, Parameters frozen, Object stepSizes, int steps, double proximal, Parameters anchor,
                    boolean keep) {
        InnerOptimizer optimizer = problem.innerLoop().optimizer();
        Parameters phi = start.detach();
        Parameters frozenConstant = frozen.detach();
        List<Parameters> state = List.of();
        Run run = new Run();
        for (int k = 0; k < steps; k++) {
            Parameters gradient;
            try (Tape tape = Tape.create()) {
                Parameters watched = phi.watch(tape);
                Tensor loss = supportLoss(watched, frozenConstant, k);
                if (proximal > 0) {
                    loss = loss.add(watched.sub(anchor.detach()).dotTensor(watched.sub(anchor.detach())).mul(proximal / 2));
                }
                double value = loss.item();
                if (!Double.isFinite(value)) {
                    throw new ArithmeticException("the inner loop diverged: the support loss is " + value + " at inner step " + k
                            + "; lower the inner step size (" + stepSizes + ") or, for iMAML, raise λ");
                }
                gradient = watched.gradientOf(loss, GradOptions.firstOrder().withAllowUnused(true));
                run.peakTapeBytes = Math.max(run.peakTapeBytes, tape.peakRetainedBytes());
            }
            if (keep) {
                run.iterates.add(phi);
                run.gradients.add(gradient);
            }
            InnerOptimizer.Step step = optimizer.direction(gradient, state, k);
            state = step.state();
            run.beforeLast = phi;
            run.lastDirection = step.direction();
            phi = applyStep(phi, step.direction(), stepSizes).detach();
        }
        run.last = phi;
        run.state = state;
        return run;
    }

    /**
     * Runs {@code steps} inner steps recorded on {@code phi}'s tape with create-graph, so that the
     * result can be differentiated with respect to everything φ, the frozen parameters and the
     * step sizes were computed from.
     */
    Parameters runRecorded(Parameters phi, Parameters frozen, Object stepSizes, int steps, int firstStepIndex,
                           List<Parameters> initialState) {
        InnerOptimizer optimizer = problem.innerLoop().optimizer();
        List<Parameters> state = initialState;
        for (int k = 0; k < steps; k++) {
            Tensor loss = supportLoss(phi, frozen, firstStepIndex + k);
            Parameters gradient = phi.gradientOf(loss, GradOptions.higherOrder().withAllowUnused(true));
            InnerOptimizer.Step step = optimizer.direction(gradient, state, firstStepIndex + k);
            state = step.state();
            phi = applyStep(phi, step.direction(), stepSizes);
        }
        return phi;
    }

    /** φ − α ⊙ d, with α a scalar (Double) or learned step sizes (Parameters, broadcast over tasks). */
    static Parameters applyStep(Parameters phi, Parameters direction, Object stepSizes) {
        if (stepSizes instanceof Double alpha) {
            return phi.addScaled(direction, -alpha);
        }
        Parameters alphas = (Parameters) stepSizes;
        Map<String, Tensor> map = new LinkedHashMap<>();
        for (String name : phi.names()) {
            map.put(name, phi.get(name).sub(alphas.get(name).mul(direction.get(name))));
        }
        return Parameters.ofTensors(map);
    }

    /** Gradients of per-task parameters [T, ...] summed over tasks, i.e. with respect to the shared θ. */
    static Parameters sumOverTasks(Parameters perTask) {
        return perTask.map(t -> t.sum(false, 0));
    }

    static long bytes(Parameters p) {
        long total = 0;
        for (Tensor t : p.tensors()) {
            total += t.length() * t.dataType().width();
        }
        return total;
    }

    // ---- Hessian-vector products of the support loss ----

    /** Peak tape bytes of the Hessian-vector products computed so far. */
    long hvpPeakBytes;

    /**
     * Products of the support loss's Hessian at (φ, frozen) with a direction u in the φ block:
     * {@code [H_φφ u, H_Fφ u]} (the second entry null unless {@code withFrozen} and there are frozen
     * parameters). With {@code policy == null} the products are exact (double backward), else
     * central differences of the gradient with the policy's ε. The support loss is that of inner step {@code step}.
     */
    Parameters[] supportHessianProduct(Parameters phi, Parameters frozen, Parameters u, EpsilonPolicy policy, boolean withFrozen,
                                       int step) {
        boolean mixed = withFrozen && frozen.size() > 0;
        if (policy == null) {
            try (Tape tape = Tape.create()) {
                Parameters phiW = phi.watch(tape);
                Parameters frozenW = mixed ? frozen.watch(tape) : frozen.detach();
                Parameters gradient = phiW.gradientOf(supportLoss(phiW, frozenW, step), GradOptions.higherOrder().withAllowUnused(true));
                Tensor inner = gradient.dotTensor(u.detach());
                Parameters hPhi = phiW.gradientOf(inner, GradOptions.firstOrder().withAllowUnused(true).withRetainGraph(mixed));
                Parameters hFrozen = mixed ? frozenW.gradientOf(inner, GradOptions.firstOrder().withAllowUnused(true)) : null;
                hvpPeakBytes = Math.max(hvpPeakBytes, tape.peakRetainedBytes());
                return new Parameters[] {hPhi, hFrozen};
            }
        }
        double epsilon = policy.epsilon(phi, u);
        Parameters[] plus = supportGradient(phi.addScaled(u.detach(), epsilon), frozen, mixed, step);
        Parameters[] minus = supportGradient(phi.addScaled(u.detach(), -epsilon), frozen, mixed, step);
        double scale = 1.0 / (2.0 * epsilon);
        return new Parameters[] {plus[0].sub(minus[0]).scale(scale).detach(),
            mixed ? plus[1].sub(minus[1]).scale(scale).detach() : null};
    }

    /** Computes the gradient of step {@code step}'s support loss at (φ, frozen) with respect to φ and, if {@code mixed}, the frozen part. */
    Parameters[] supportGradient(Parameters phi, Parameters frozen, boolean mixed, int step) {
        try (Tape tape = Tape.create()) {
            Parameters phiW = phi.detach().watch(tape);
            Parameters frozenW = mixed ? frozen.watch(tape) : frozen.detach();
            Tensor loss = supportLoss(phiW, frozenW, step);
            Parameters all = mixed ? phiW.merge(frozenW) : phiW;
            Parameters g = all.gradientOf(loss, GradOptions.firstOrder().withAllowUnused(true));
            hvpPeakBytes = Math.max(hvpPeakBytes, tape.peakRetainedBytes());
            return new Parameters[] {g.select(phiW.names()), mixed ? g.select(frozenW.names()) : null};
        }
    }

    /** The query loss and its gradient with respect to φ and the frozen parameters, at constants. */
    Parameters[] queryGradient(Parameters phi, Parameters frozen, double[] lossOut) {
        try (Tape tape = Tape.create()) {
            Parameters phiW = phi.detach().watch(tape);
            Parameters frozenW = frozen.watch(tape);
            Tensor loss = queryLoss(phiW, frozenW);
            lossOut[0] = loss.item();
            Parameters all = phiW.merge(frozenW);
            Parameters g = all.gradientOf(loss, GradOptions.firstOrder().withAllowUnused(true));
            hvpPeakBytes = Math.max(hvpPeakBytes, tape.peakRetainedBytes());
            return new Parameters[] {g.select(phiW.names()), g.select(frozenW.names())};
        }
    }

    // ---- result checks ----

    /** The full meta-gradient: computed entries plus zeros for meta-parameters without a gradient, in meta order. */
    static Parameters complete(Parameters meta, Parameters computed) {
        Map<String, Tensor> map = new LinkedHashMap<>();
        for (String name : meta.names()) {
            map.put(name, computed.contains(name) ? computed.get(name).detach()
                    : Tensor.constant(org.nd4j.linalg.factory.Nd4j.zeros(meta.get(name).dataType(), meta.get(name).shape())));
        }
        return Parameters.ofTensors(map);
    }

    /** @throws ArithmeticException naming the estimator and parameter when a gradient entry is NaN or infinite */
    static void requireFinite(String estimator, Parameters gradient) {
        for (String name : gradient.names()) {
            if (!Double.isFinite(gradient.value(name).sumNumber().doubleValue())) {
                throw new ArithmeticException(estimator + ": the meta-gradient of '" + name + "' contains NaN or infinity; "
                        + "lower the inner step size or check the inputs for NaN");
            }
        }
    }
}
