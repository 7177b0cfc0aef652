package org.metagrad4j.estimators;

import org.metagrad4j.autodiff.Tensor;
import org.metagrad4j.nn.Parameters;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.memory.conf.WorkspaceConfiguration;
import org.nd4j.linalg.api.memory.enums.AllocationPolicy;
import org.nd4j.linalg.api.memory.enums.LearningPolicy;
import org.nd4j.linalg.api.memory.enums.ResetPolicy;
import org.nd4j.linalg.api.memory.enums.SpillPolicy;
import org.nd4j.linalg.factory.Nd4j;

/** Timing, diagnostics and the finiteness check shared by the estimators. */
abstract class BaseEstimator implements MetaGradientEstimator {
    /**
     * The ND4J workspace every estimate allocates its intermediate arrays in. A profile of exact
     * MAML on the sinusoid MLP (25 tasks, 5 inner steps) spent about half of its native time in
     * libnd4j's buffer allocation. A workspace learns the size one estimate needs and then serves
     * allocations from one block, which is reset when the estimate returns. Results are copied out.
     */
    static final WorkspaceConfiguration WORKSPACE = WorkspaceConfiguration.builder()
            .policyAllocation(AllocationPolicy.OVERALLOCATE).overallocationLimit(0.3)
            .policyLearning(LearningPolicy.FIRST_LOOP).policyReset(ResetPolicy.BLOCK_LEFT)
            .policySpill(SpillPolicy.REALLOCATE).build();
    static final String WORKSPACE_ID = "metagrad4j-estimate";

    /** Values an estimator computed, before diagnostics are assembled. */
    static final class Outcome {
        Parameters gradient;
        Parameters adaptedAfter;
        Parameters frozen;
        long retainedBytes;
        int solverIterations;
        double residualNorm = Double.NaN;
        boolean negativeCurvature;
        boolean diverged;
        String note = "";
    }

    /** Throws IllegalArgumentException when this estimator does not support the problem. */
    void checkSupported(MetaProblem problem) {
    }

    abstract Outcome compute(Adaptation adaptation, Parameters metaParameters);

    @Override
    public final MetaGradient estimate(MetaProblem problem, Parameters metaParameters, TaskData tasks) {
        checkSupported(problem);
        requireMatchingDataType(name(), metaParameters, tasks);
        requireFiniteInputs(name(), tasks);
        try (MemoryWorkspace workspace = Nd4j.getWorkspaceManager().getAndActivateWorkspace(WORKSPACE, WORKSPACE_ID)) {
            return estimateInWorkspace(problem, metaParameters, tasks);
        } catch (ArithmeticException e) {
            if (e.getMessage() != null && e.getMessage().startsWith(name())) {
                throw e;
            }
            throw new ArithmeticException(name() + ": " + e.getMessage());
        }
    }

    private MetaGradient estimateInWorkspace(MetaProblem problem, Parameters metaParameters, TaskData tasks) {
        long start = System.nanoTime();
        Adaptation adaptation = new Adaptation(problem, tasks);
        Parameters meta = metaParameters.detach();
        Parameters model = Adaptation.modelPart(meta);
        Parameters adapted = adaptation.adapted(model);
        Parameters frozen = model.without(adapted);

        Outcome outcome = compute(adaptation, meta);
        long wall = System.nanoTime() - start;

        // Shared θ for every task: modules accept parameters without a task dimension, so no per-task copy is made.
        double[] before = adaptation.evaluateQuery(adapted, frozen);
        double[] after = adaptation.evaluateQuery(outcome.adaptedAfter, frozen);
        Parameters gradient = Adaptation.complete(meta, outcome.gradient);
        Adaptation.requireFinite(name(), gradient);
        // Copies out of the workspace, whose memory is reused by the next estimate.
        gradient = gradient.map(t -> Tensor.constant(t.value().isAttached() ? t.value().detach() : t.value()));
        Diagnostics diagnostics = new Diagnostics(name(), before[0], after[0], before[1], after[1], outcome.solverIterations,
                outcome.residualNorm, outcome.negativeCurvature, outcome.diverged, outcome.retainedBytes,
                tasks.taskCount(), wall, outcome.note);
        return new MetaGradient(gradient, diagnostics);
    }

    /**
     * @throws IllegalArgumentException naming the parameter, both data types and the fix when a
     *                                  parameter's floating-point type differs from the task inputs'
     */
    static void requireMatchingDataType(String estimator, Parameters parameters, TaskData tasks) {
        DataType inputs = tasks.supportInputs().dataType();
        if (!inputs.isFPType()) {
            return;
        }
        for (String name : parameters.names()) {
            DataType type = parameters.get(name).dataType();
            if (type != inputs) {
                throw new IllegalArgumentException(estimator + ": parameter '" + name + "' is " + type + " but the task inputs are "
                        + inputs + "; initialize the model with DataType." + inputs + " or build the tasks with dataType(DataType."
                        + type + ")");
            }
        }
    }

    /** @throws ArithmeticException naming the estimator and the array when task data contain NaN or infinity */
    static void requireFiniteInputs(String estimator, TaskData tasks) {
        String[] names = {"support inputs", "support targets", "query inputs", "query targets"};
        org.nd4j.linalg.api.ndarray.INDArray[] arrays = {tasks.supportInputs(), tasks.supportTargets(), tasks.queryInputs(),
            tasks.queryTargets()};
        for (int i = 0; i < arrays.length; i++) {
            if (arrays[i].dataType().isFPType() && !Double.isFinite(arrays[i].sumNumber().doubleValue())) {
                throw new ArithmeticException(estimator + ": the " + names[i] + " contain NaN or infinity; clean the task data");
            }
        }
    }

    static void requirePlainGradientDescent(String estimator, MetaProblem problem) {
        if (!problem.innerLoop().optimizer().isPlainGradientDescent()) {
            throw new IllegalArgumentException(estimator + " is derived for plain SGD inner loops, got optimizer "
                    + problem.innerLoop().optimizer() + "; use ExactMaml (unrolled) or ImplicitMaml for other inner optimisers");
        }
    }

    static void rejectLearnedStepSizes(String estimator, MetaProblem problem) {
        if (problem.innerLoop().learnedStepSizes()) {
            throw new IllegalArgumentException(estimator + " does not support learned step sizes; "
                    + "use ExactMaml, HessianVectorRecursion or FirstOrderMaml, or set learnedStepSizes(false)");
        }
    }

    @Override
    public String toString() {
        return name();
    }
}
