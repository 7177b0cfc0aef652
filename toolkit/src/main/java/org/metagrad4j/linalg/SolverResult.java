package org.metagrad4j.linalg;

import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The outcome of an iterative linear solve.
 *
 * @param solution            the solution x: the last iterate when converged, otherwise the iterate
 *                            with the smallest residual (conjugate gradient) or the partial sum
 * @param iterations          iterations performed
 * @param residualNorm        ‖b − A x‖ at the end (as tracked by the method)
 * @param residualHistory     residual norm after each iteration, starting with the initial one
 * @param converged           whether the tolerance was met
 * @param negativeCurvature   conjugate gradient met pᵀAp ≤ 0: A is not positive definite, and the
 *                            solution is the iterate before that direction
 * @param diverged            a Neumann series whose terms stopped shrinking: the spectral radius of I − ηA is ≥ 1
 * @param message             a sentence describing how the solve ended
 */
public record SolverResult(INDArray solution, int iterations, double residualNorm, List<Double> residualHistory,
                           boolean converged, boolean negativeCurvature, boolean diverged, String message) {

    @Override
    public String toString() {
        return "SolverResult[iterations=" + iterations + ", residualNorm=" + residualNorm + ", converged=" + converged
                + (negativeCurvature ? ", negativeCurvature" : "") + (diverged ? ", diverged" : "") + ": " + message + "]";
    }
}
