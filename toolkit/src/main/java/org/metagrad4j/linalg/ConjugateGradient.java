package org.metagrad4j.linalg;

import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The conjugate gradient method for {@code A x = b} with A symmetric positive definite.
 *
 * <p>Stops when ‖r‖ ≤ max(relativeTolerance·‖b‖, absoluteTolerance) or after maxIterations.
 * A direction with pᵀAp ≤ 0 shows that A is not positive definite, so the solve then stops and
 * reports negative curvature instead of diverging. A solve that stops without meeting the
 * tolerance returns the iterate with the smallest residual (Hestenes and Stiefel, "Methods of conjugate
 * gradients for solving linear systems", J. Res. NBS, 1952).
 */
public final class ConjugateGradient {
    private static final Logger LOG = LoggerFactory.getLogger(ConjugateGradient.class);

    private final int maxIterations;
    private final double relativeTolerance;
    private final double absoluteTolerance;

    /**
     * @param maxIterations     iteration limit, ≥ 1
     * @param relativeTolerance stop when ‖r‖ ≤ this · ‖b‖; > 0
     * @param absoluteTolerance stop when ‖r‖ ≤ this; ≥ 0
     */
    public ConjugateGradient(int maxIterations, double relativeTolerance, double absoluteTolerance) {
        if (maxIterations < 1) {
            throw new IllegalArgumentException("maxIterations must be >= 1, got " + maxIterations);
        }
        if (!(relativeTolerance > 0)) {
            throw new IllegalArgumentException("relativeTolerance must be > 0, got " + relativeTolerance);
        }
        if (!(absoluteTolerance >= 0)) {
            throw new IllegalArgumentException("absoluteTolerance must be >= 0, got " + absoluteTolerance);
        }
        this.maxIterations = maxIterations;
        this.relativeTolerance = relativeTolerance;
        this.absoluteTolerance = absoluteTolerance;
    }

    public int maxIterations() {
        return maxIterations;
    }

    public double relativeTolerance() {
        return relativeTolerance;
    }

    public double absoluteTolerance() {
        return absoluteTolerance;
    }

    /** Solves {@code A x = b} from {@code x0 = 0}. */
    public SolverResult solve(LinearOperator a, INDArray b) {
        INDArray x = b.mul(0);
        INDArray r = b.dup();
        INDArray p = r.dup();
        double rr = dot(r, r);
        double target = Math.max(relativeTolerance * Math.sqrt(dot(b, b)), absoluteTolerance);
        List<Double> history = new ArrayList<>();
        history.add(Math.sqrt(rr));
        if (Math.sqrt(rr) <= target) {
            return new SolverResult(x, 0, Math.sqrt(rr), history, true, false, false, "right-hand side already within tolerance");
        }
        // CG's residual is not monotone. A solve that stops early returns its best iterate, so a
        // near-singular direction (tiny pᵀAp, a huge step) cannot leave a blown-up solution behind.
        INDArray best = x.dup();
        double bestResidual = Math.sqrt(rr);
        int bestIteration = 0;
        for (int k = 1; k <= maxIterations; k++) {
            INDArray ap = a.apply(p);
            double curvature = dot(p, ap);
            if (!(curvature > 0)) {
                String message = "negative curvature pᵀAp = " + curvature + " in iteration " + k + ", after " + (k - 1)
                        + " completed iterations: the operator is not positive definite (raise the regularisation λ); "
                        + "returned the iterate of iteration " + bestIteration + ", the one with the smallest residual";
                LOG.debug(message);
                return new SolverResult(best, k - 1, bestResidual, history, false, true, false, message);
            }
            double alpha = rr / curvature;
            x.addi(p.mul(alpha));
            r.subi(ap.muli(alpha));
            double rrNext = dot(r, r);
            double residual = Math.sqrt(rrNext);
            history.add(residual);
            if (residual <= target) {
                return new SolverResult(x, k, residual, history, true, false, false, "converged");
            }
            if (residual < bestResidual) {
                best.assign(x);
                bestResidual = residual;
                bestIteration = k;
            }
            // p ← r + (r·r)_new / (r·r)_old · p
            p.muli(rrNext / rr).addi(r);
            rr = rrNext;
        }
        String message = "iteration limit " + maxIterations + " reached"
                + (bestIteration < maxIterations ? "; returned the iterate of iteration " + bestIteration
                        + ", the one with the smallest residual" : "");
        return new SolverResult(best, maxIterations, bestResidual, history, false, false, false, message);
    }

    static double dot(INDArray a, INDArray b) {
        return a.reshape(a.length()).mul(b.reshape(b.length())).sumNumber().doubleValue();
    }

    @Override
    public String toString() {
        return "ConjugateGradient[maxIterations=" + maxIterations + ", relativeTolerance=" + relativeTolerance
                + ", absoluteTolerance=" + absoluteTolerance + "]";
    }
}
