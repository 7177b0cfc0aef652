package org.metagrad4j.linalg;

import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A truncated Neumann series for {@code A x = b}: {@code x ≈ η Σ_{j=0}^{k} (I − ηA)^j b}.
 *
 * <p>The series converges only when the spectral radius of {@code I − ηA} is below 1, i.e.
 * 0 < η < 2/λ_max(A) for positive definite A. Terms that stop shrinking (or become non-finite)
 * for {@code stallPatience} consecutive iterations are reported as divergence, and the result then
 * contains the partial sum before the stall was detected. For symmetric A the ratio ‖t_j‖/‖t_{j−1}‖
 * of consecutive terms rises monotonically towards the spectral radius ρ(I − ηA), so a ratio
 * within {@link #STALL_TOLERANCE} of 1 shows ρ ≥ 1, the limiting case ρ = 1 included.
 */
public final class NeumannSeries {
    private static final Logger LOG = LoggerFactory.getLogger(NeumannSeries.class);

    /** A term counts as not shrinking when ‖t_j‖ ≥ (1 − this) · ‖t_{j−1}‖. */
    static final double STALL_TOLERANCE = 1e-12;

    private final int terms;
    private final double stepSize;
    private final double tolerance;
    private final int stallPatience;

    /**
     * @param terms     number of terms k after the first, ≥ 0
     * @param stepSize  η, > 0
     * @param tolerance stop early when a term's norm is ≤ tolerance · ‖ηb‖; ≥ 0 (0 never stops early)
     */
    public NeumannSeries(int terms, double stepSize, double tolerance) {
        if (terms < 0) {
            throw new IllegalArgumentException("terms must be >= 0, got " + terms);
        }
        if (!(stepSize > 0) || Double.isInfinite(stepSize)) {
            throw new IllegalArgumentException("Neumann stepSize must be > 0 and finite, got " + stepSize);
        }
        if (!(tolerance >= 0)) {
            throw new IllegalArgumentException("tolerance must be >= 0, got " + tolerance);
        }
        this.terms = terms;
        this.stepSize = stepSize;
        this.tolerance = tolerance;
        this.stallPatience = 3;
    }

    public int terms() {
        return terms;
    }

    public double stepSize() {
        return stepSize;
    }

    public double tolerance() {
        return tolerance;
    }

    /** Sums the series; the residual history holds the norm of each added term. */
    public SolverResult solve(LinearOperator a, INDArray b) {
        INDArray term = b.mul(stepSize);
        INDArray sum = term.dup();
        double first = norm(term);
        double previous = first;
        int stalled = 0;
        List<Double> history = new ArrayList<>();
        history.add(first);
        for (int j = 1; j <= terms; j++) {
            // term_j = (I − ηA) term_{j−1}
            INDArray next = term.sub(a.apply(term).muli(stepSize));
            double size = norm(next);
            history.add(size);
            boolean shrinking = size < previous * (1 - STALL_TOLERANCE);
            if (!Double.isFinite(size) || (!shrinking && size > 0 && ++stalled >= stallPatience)) {
                String message = "terms stopped shrinking for " + stalled + " iterations (norm " + size + " at term " + j
                        + "): the spectral radius of I − ηA is >= 1; lower the Neumann step size η below 2/λ_max(A)";
                LOG.debug(message);
                return new SolverResult(sum, j, size, history, false, false, true, message);
            }
            if (shrinking) {
                stalled = 0;
            }
            sum.addi(next);
            term = next;
            previous = size;
            if (tolerance > 0 && size <= tolerance * first) {
                return new SolverResult(sum, j, size, history, true, false, false, "terms fell below tolerance");
            }
        }
        return new SolverResult(sum, terms, previous, history, tolerance == 0, false, false, "summed " + (terms + 1) + " terms");
    }

    private static double norm(INDArray a) {
        return a.norm2Number().doubleValue();
    }

    @Override
    public String toString() {
        return "NeumannSeries[terms=" + terms + ", stepSize=" + stepSize + ", tolerance=" + tolerance + "]";
    }
}
