package org.metagrad4j.libtorch;

import org.bytedeco.pytorch.BoolOptional;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;

/**
 * MAML meta-gradients written directly in libtorch, as a reference for the toolkit's estimators.
 *
 * <p>Same problem as the toolkit: the meta-objective is F(θ) = mean_i L_Q(θ'_i) over the T tasks
 * of a meta-batch, with the inner loop θ_0 = θ, θ_{k+1} = θ_k − α ∇L_S(θ_k) run for K steps from θ
 * for every task. Symbols: K = {@code innerSteps}, α = {@code stepSize}.
 * <ul>
 *   <li>exact MAML differentiates through the unrolled inner loop (autograd.grad with
 *       create_graph), one task at a time as learn2learn and higher do, or batched over the
 *       task dimension with batched matrix products as functorch's vmap does;</li>
 *   <li>first-order MAML returns mean_i ∇L_Q(θ'_i) without differentiating the inner loop;</li>
 *   <li>iMAML solves (I + H_S(φ_i)/λ) w_i = ∇_φ F(φ) for all tasks as one block system by
 *       conjugate gradient over double-backward Hessian-vector products and returns Σ_i w_i.</li>
 * </ul>
 * Every method takes the meta-parameters as tensors in {@link TorchMlp}'s order, returns the
 * meta-gradient in the same order, leaves its arguments unchanged, and should be called inside a
 * {@link org.bytedeco.javacpp.PointerScope}.
 */
public final class LibtorchMaml {
    private final TorchMlp model;
    private final TorchLoss loss;
    private final int innerSteps;
    private final double stepSize;

    /**
     * @param model      the network
     * @param loss       the support and query loss
     * @param innerSteps K ≥ 0
     * @param stepSize   α > 0
     */
    public LibtorchMaml(TorchMlp model, TorchLoss loss, int innerSteps, double stepSize) {
        if (innerSteps < 0) {
            throw new IllegalArgumentException("innerSteps must be >= 0, got " + innerSteps);
        }
        if (!(stepSize > 0)) {
            throw new IllegalArgumentException("stepSize must be > 0, got " + stepSize);
        }
        this.model = model;
        this.loss = loss;
        this.innerSteps = innerSteps;
        this.stepSize = stepSize;
    }

    /** Exact MAML, one task at a time: each task's query loss is differentiated through its own unrolled graph. */
    public Tensor[] exactPerTask(Tensor[] metaParameters, TorchTasks tasks) {
        Tensor[] theta = watched(metaParameters);
        int taskCount = tasks.taskCount();
        Tensor[] total = null;
        for (int t = 0; t < taskCount; t++) {
            Tensor[] phi = theta;
            for (int k = 0; k < innerSteps; k++) {
                Tensor support = loss.of(model.forward(phi, tasks.supportInputs(t)), tasks.supportTargets(t));
                phi = sgdStep(phi, gradient(support, phi, true, true));
            }
            Tensor query = loss.of(model.forward(phi, tasks.queryInputs(t)), tasks.queryTargets(t)).div(new Scalar(taskCount));
            total = accumulate(total, gradient(query, theta, false, false));
        }
        return total;
    }

    /** Exact MAML on the whole meta-batch at once, with per-task parameters {@code [T, ...]}. */
    public Tensor[] exactBatched(Tensor[] metaParameters, TorchTasks tasks) {
        Tensor[] theta = watched(metaParameters);
        Tensor[] phi = broadcastTasks(theta, tasks.taskCount());
        for (int k = 0; k < innerSteps; k++) {
            phi = sgdStep(phi, gradient(supportLossSum(phi, tasks), phi, true, true));
        }
        return gradient(queryLossMean(phi, tasks), theta, false, false);
    }

    /** First-order MAML, one task at a time. */
    public Tensor[] firstOrderPerTask(Tensor[] metaParameters, TorchTasks tasks) {
        int taskCount = tasks.taskCount();
        Tensor[] total = null;
        for (int t = 0; t < taskCount; t++) {
            Tensor[] phi = watched(metaParameters);
            for (int k = 0; k < innerSteps; k++) {
                Tensor support = loss.of(model.forward(phi, tasks.supportInputs(t)), tasks.supportTargets(t));
                phi = watched(sgdStep(phi, gradient(support, phi, false, false)));
            }
            Tensor query = loss.of(model.forward(phi, tasks.queryInputs(t)), tasks.queryTargets(t)).div(new Scalar(taskCount));
            total = accumulate(total, gradient(query, phi, false, false));
        }
        return total;
    }

    /** First-order MAML on the whole meta-batch at once. */
    public Tensor[] firstOrderBatched(Tensor[] metaParameters, TorchTasks tasks) {
        Tensor[] phi = watched(broadcastTasks(detached(metaParameters), tasks.taskCount()));
        for (int k = 0; k < innerSteps; k++) {
            phi = watched(sgdStep(phi, gradient(supportLossSum(phi, tasks), phi, false, false)));
        }
        return sumOverTasks(gradient(queryLossMean(phi, tasks), phi, false, false));
    }

    /**
     * iMAML with conjugate gradient on the block system of all tasks, following
     * {@link org.metagrad4j.linalg.ConjugateGradient}: x_0 = 0, stop when ‖r‖ ≤ tolerance·‖b‖ or
     * after {@code maxIterations}, or at a direction with pᵀAp ≤ 0 (negative curvature).
     *
     * <p>The inner loop minimises L_S(φ) + (λ/2)‖φ − θ‖² by K steps of SGD from θ. The support
     * gradient's graph at φ is built once and reused by every Hessian-vector product.
     *
     * @param regularization λ > 0
     * @param maxIterations  the CG iteration limit ≥ 1
     * @param tolerance      the relative residual tolerance > 0
     */
    public ImplicitResult implicitConjugateGradient(Tensor[] metaParameters, TorchTasks tasks, double regularization,
                                                    int maxIterations, double tolerance) {
        int taskCount = tasks.taskCount();
        Tensor[] theta = broadcastTasks(detached(metaParameters), taskCount);
        Tensor[] phi = watched(theta);
        for (int k = 0; k < innerSteps; k++) {
            Tensor[] supportGradient = gradient(supportLossSum(phi, tasks), phi, false, false);
            Tensor[] proximalGradient = new Tensor[phi.length];
            for (int i = 0; i < phi.length; i++) {
                // ∇ of (λ/2)‖φ − θ‖² is λ(φ − θ).
                proximalGradient[i] = supportGradient[i].add(phi[i].sub(theta[i]).mul(new Scalar(regularization)));
            }
            phi = watched(sgdStep(phi, proximalGradient));
        }

        Tensor[] adapted = phi;
        Tensor[] rhs = gradient(queryLossMean(adapted, tasks), adapted, false, false);
        Tensor[] supportGradient = gradient(supportLossSum(adapted, tasks), adapted, true, true);
        ConjugateGradientSolve solve = new ConjugateGradientSolve(maxIterations, tolerance);
        ConjugateGradientSolve.Result solved = solve.run(rhs, v -> {
            // A v = v + H_S(φ) v / λ, with H_S v = ∇_φ (∇_φ L_S · v).
            Tensor product = dot(supportGradient, v);
            Tensor[] hessianProduct = gradient(product, adapted, false, true);
            Tensor[] out = new Tensor[v.length];
            for (int i = 0; i < v.length; i++) {
                out[i] = v[i].add(hessianProduct[i].mul(new Scalar(1.0 / regularization)));
            }
            return out;
        });
        return new ImplicitResult(sumOverTasks(solved.solution()), solved.iterations(), solved.residualNorm(),
                solved.negativeCurvature());
    }

    /**
     * The iMAML meta-gradient with the solver's outcome.
     *
     * @param gradient          Σ_i w_i, in {@link TorchMlp}'s parameter order
     * @param iterations        CG iterations run
     * @param residualNorm      ‖b − A x‖ of the returned solution, as CG updated it
     * @param negativeCurvature whether CG stopped at a direction with pᵀAp ≤ 0
     */
    public record ImplicitResult(Tensor[] gradient, int iterations, double residualNorm, boolean negativeCurvature) {
    }

    // ---- building blocks ----

    private Tensor supportLossSum(Tensor[] phi, TorchTasks tasks) {
        return loss.perTask(model.forwardBatched(phi, tasks.supportInputs()), tasks.supportTargets()).sum();
    }

    private Tensor queryLossMean(Tensor[] phi, TorchTasks tasks) {
        return loss.perTask(model.forwardBatched(phi, tasks.queryInputs()), tasks.queryTargets()).mean();
    }

    private Tensor[] sgdStep(Tensor[] phi, Tensor[] gradient) {
        Tensor[] next = new Tensor[phi.length];
        Scalar alpha = new Scalar(stepSize);
        for (int i = 0; i < phi.length; i++) {
            next[i] = phi[i].sub(gradient[i], alpha);
        }
        return next;
    }

    /**
     * Computes ∂output/∂inputs with torch::autograd::grad.
     *
     * @param createGraph record the gradient's own graph, so that it can be differentiated again
     * @param retainGraph keep the graph of {@code output} for later calls
     */
    static Tensor[] gradient(Tensor output, Tensor[] inputs, boolean createGraph, boolean retainGraph) {
        TensorVector result = torch.grad(new TensorVector(output), new TensorVector(inputs), new TensorVector(),
                new BoolOptional(retainGraph), createGraph, false);
        return result.get();
    }

    /** Σ_i (a_i · b_i) over every element of every tensor, as a scalar tensor. */
    static Tensor dot(Tensor[] a, Tensor[] b) {
        Tensor total = a[0].mul(b[0]).sum();
        for (int i = 1; i < a.length; i++) {
            total = total.add(a[i].mul(b[i]).sum());
        }
        return total;
    }

    private static Tensor[] watched(Tensor[] tensors) {
        Tensor[] out = new Tensor[tensors.length];
        for (int i = 0; i < tensors.length; i++) {
            out[i] = tensors[i].detach().requires_grad_(true);
        }
        return out;
    }

    private static Tensor[] detached(Tensor[] tensors) {
        Tensor[] out = new Tensor[tensors.length];
        for (int i = 0; i < tensors.length; i++) {
            out[i] = tensors[i].detach();
        }
        return out;
    }

    /** θ repeated along a new leading task dimension, as a differentiable view. */
    private static Tensor[] broadcastTasks(Tensor[] theta, int taskCount) {
        Tensor[] out = new Tensor[theta.length];
        for (int i = 0; i < theta.length; i++) {
            long[] shape = theta[i].shape();
            long[] batched = new long[shape.length + 1];
            batched[0] = taskCount;
            System.arraycopy(shape, 0, batched, 1, shape.length);
            out[i] = theta[i].unsqueeze(0).expand(batched);
        }
        return out;
    }

    private static Tensor[] sumOverTasks(Tensor[] perTask) {
        Tensor[] out = new Tensor[perTask.length];
        for (int i = 0; i < perTask.length; i++) {
            out[i] = perTask[i].sum(0);
        }
        return out;
    }

    private static Tensor[] accumulate(Tensor[] total, Tensor[] term) {
        if (total == null) {
            return term;
        }
        Tensor[] out = new Tensor[total.length];
        for (int i = 0; i < total.length; i++) {
            out[i] = total[i].add(term[i]);
        }
        return out;
    }

    @Override
    public String toString() {
        return "LibtorchMaml[model=" + model + ", loss=" + loss + ", innerSteps=" + innerSteps + ", stepSize=" + stepSize + "]";
    }
}
