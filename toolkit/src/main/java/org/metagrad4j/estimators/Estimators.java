package org.metagrad4j.estimators;

import java.util.List;
import org.metagrad4j.curvature.EpsilonPolicy;
import org.nd4j.linalg.api.buffer.DataType;

/** Short factories for every estimator family, for notebooks. */
public final class Estimators {
    private Estimators() {
    }

    /** Exact MAML through the unrolled inner loop. */
    public static MetaGradientEstimator exact() {
        return ExactMaml.unrolled();
    }

    /** Exact MAML by the reverse Hessian-vector recursion. */
    public static MetaGradientEstimator exactRecursive() {
        return HessianVectorRecursion.exact();
    }

    /** First-order MAML. */
    public static MetaGradientEstimator firstOrder() {
        return new FirstOrderMaml();
    }

    /** Reptile, scaled by 1/(αK). */
    public static MetaGradientEstimator reptile() {
        return new Reptile();
    }

    /** Returns the Hessian-vector recursion with central differences and the data type's default ε policy. */
    public static MetaGradientEstimator finiteDifference(DataType type) {
        return HessianVectorRecursion.finiteDifference(EpsilonPolicy.defaultFor(type));
    }

    /** Returns the Hessian-vector recursion with central differences and the given ε policy. */
    public static MetaGradientEstimator finiteDifference(EpsilonPolicy policy) {
        return HessianVectorRecursion.finiteDifference(policy);
    }

    /** iMAML with conjugate gradient (relative tolerance 1e-6). */
    public static ImplicitMaml implicitCg(double regularization, int iterations) {
        return ImplicitMaml.conjugateGradient(regularization, iterations, 1e-6);
    }

    /** iMAML with a truncated Neumann series. */
    public static ImplicitMaml implicitNeumann(double regularization, int terms, double stepSize) {
        return ImplicitMaml.neumann(regularization, terms, stepSize);
    }

    /** Truncated backpropagation through the last {@code steps} inner steps. */
    public static MetaGradientEstimator truncated(int steps) {
        return ExactMaml.truncated(steps);
    }

    /** Returns one estimator of each family with default settings (iMAML with λ = 1 and 10 iterations). */
    public static List<MetaGradientEstimator> all(DataType type) {
        return List.of(exact(), exactRecursive(), firstOrder(), reptile(), finiteDifference(type), implicitCg(1.0, 10),
                implicitNeumann(1.0, 10, 0.5), truncated(1));
    }
}
