package org.metagrad4j.estimators;

import org.metagrad4j.curvature.EpsilonPolicy;
import org.metagrad4j.nn.Parameters;

/**
 * MAML's meta-gradient by the reverse Hessian-vector recursion, storing only the K inner iterates.
 *
 * <p>With v_K = ∇L_Q(θ_K): for k = K−1 … 0, v_k = v_{k+1} − H_S(θ_k)(α ⊙ v_{k+1}); then ∇_θ F = mean_i v_{0,i}.
 * Frozen parameters collect ∇_F L_Q − Σ_k H_{Fθ}(θ_k)(α ⊙ v_{k+1}) (the mixed second derivatives
 * only); learned step sizes collect −Σ_k ∇L_S(θ_k) ⊙ v_{k+1}.
 * With exact products (double backward) this equals {@link ExactMaml#unrolled()} up to rounding;
 * with {@link #finiteDifference(EpsilonPolicy)} each product is
 * [∇L_S(θ_k + εu) − ∇L_S(θ_k − εu)] / (2ε), two extra gradients and no second-order graph.
 * Derived for plain SGD inner loops; other optimisers are rejected.
 *
 * @implNote One ε serves the whole meta-batch in each product (the policy sees the batched norms).
 */
public final class HessianVectorRecursion extends BaseEstimator {
    private final EpsilonPolicy epsilonPolicy;

    private HessianVectorRecursion(EpsilonPolicy epsilonPolicy) {
        this.epsilonPolicy = epsilonPolicy;
    }

    /** Exact Hessian-vector products by double backward. */
    public static HessianVectorRecursion exact() {
        return new HessianVectorRecursion(null);
    }

    /** Central finite-difference Hessian-vector products with ε from {@code policy}. */
    public static HessianVectorRecursion finiteDifference(EpsilonPolicy policy) {
        return new HessianVectorRecursion(java.util.Objects.requireNonNull(policy, "policy"));
    }

    /** Returns the ε policy, or null for exact products. */
    public EpsilonPolicy epsilonPolicy() {
        return epsilonPolicy;
    }

    @Override
    public String name() {
        return epsilonPolicy == null ? "exact (recursion)" : "finite difference " + epsilonPolicy;
    }

    @Override
    void checkSupported(MetaProblem problem) {
        requirePlainGradientDescent(name(), problem);
    }

    @Override
    Outcome compute(Adaptation a, Parameters meta) {
        int k = a.problem.innerLoop().steps();
        Parameters model = Adaptation.modelPart(meta);
        Parameters adapted = a.adapted(model);
        Parameters frozen = model.without(adapted);
        Parameters learned = a.stepSizes(meta);
        Object alpha = learned != null ? learned : (Object) a.problem.innerLoop().stepSize();
        Parameters theta = adapted.broadcastTasks(a.taskCount).detach();
        Adaptation.Run run = a.runConstant(theta, frozen, alpha, k, 0, null, true);

        double[] queryLoss = new double[1];
        Parameters[] query = a.queryGradient(run.last, frozen, queryLoss);
        Parameters v = query[0];
        Parameters frozenGradient = query[1];
        Parameters stepSizeGradient = learned != null ? learned.zerosLike() : null;
        for (int i = k - 1; i >= 0; i--) {
            Parameters u = Adaptation.applyStep(v.zerosLike(), v, alpha).scale(-1).detach();
            if (stepSizeGradient != null) {
                // ∂θ_{k+1}/∂α = −∇L_S(θ_k), summed over tasks.
                stepSizeGradient = stepSizeGradient.sub(Adaptation.sumOverTasks(run.gradients.get(i).zip(v, (g, w) -> g.mul(w))));
            }
            Parameters[] h = a.supportHessianProduct(run.iterates.get(i), frozen, u, epsilonPolicy, true, i);
            v = v.sub(h[0]).detach();
            if (h[1] != null) {
                frozenGradient = frozenGradient.sub(h[1]).detach();
            }
        }
        Parameters gradient = Adaptation.sumOverTasks(v).merge(frozenGradient);
        if (stepSizeGradient != null) {
            Parameters renamed = Parameters.empty();
            for (String name : stepSizeGradient.names()) {
                renamed = renamed.with(org.metagrad4j.inner.InnerLoop.STEP_SIZE_PREFIX + name, stepSizeGradient.get(name));
            }
            gradient = gradient.merge(renamed);
        }
        Outcome outcome = new Outcome();
        outcome.adaptedAfter = run.last;
        outcome.gradient = gradient.detach();
        // The K stored iterates (and gradients, for learned step sizes) plus the largest tape.
        long stored = (long) k * Adaptation.bytes(theta) * (learned != null ? 2 : 1);
        outcome.retainedBytes = stored + Math.max(a.hvpPeakBytes, run.peakTapeBytes);
        return outcome;
    }
}
