package org.metagrad4j.estimators;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.metagrad4j.autodiff.Tensor;
import org.metagrad4j.inner.AdaptedSubset;
import org.metagrad4j.inner.InnerLoop;
import org.metagrad4j.nn.Parameters;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Adapting only the head (ANIL) against adapting everything with per-parameter step sizes that are
 * zero outside the head (float64 sinusoid MLP). Both give the same meta-gradient for the model's
 * parameters, and head-only adaptation retains fewer bytes in the estimators that differentiate
 * through the inner loop.
 * First-order MAML's peak is the query-loss tape, which is the same with or without head-only
 * adaptation, because the frozen parameters still get their query gradient.
 */
class HeadOnlyAdaptationTest {
    private final SinusoidProblem sinusoid = SinusoidProblem.small();
    private final List<String> head = sinusoid.mlp.headParameterNames();

    private MetaProblem headOnly() {
        return sinusoid.problem(SinusoidProblem.innerLoop().withAdapted(AdaptedSubset.only(head)));
    }

    private MetaProblem fullWithLearnedSteps() {
        return sinusoid.problem(SinusoidProblem.innerLoop().withLearnedStepSizes(true));
    }

    /** Returns the model's parameters plus step sizes α on the head and 0 everywhere else. */
    private Parameters zeroStepsOutsideHead() {
        Parameters meta = fullWithLearnedSteps().innerLoop().metaParameters(sinusoid.parameters);
        for (String name : sinusoid.parameters.names()) {
            String key = InnerLoop.STEP_SIZE_PREFIX + name;
            double value = head.contains(name) ? SinusoidProblem.STEP_SIZE : 0.0;
            meta = meta.with(key, Tensor.constant(Nd4j.valueArrayOf(meta.value(key).shape(), value, meta.value(key).dataType())));
        }
        return meta;
    }

    @Test
    void equalsFullAdaptationWithZeroSteps() {
        for (MetaGradientEstimator estimator : List.of(ExactMaml.unrolled(), HessianVectorRecursion.exact(), new FirstOrderMaml())) {
            Parameters expected = estimator.estimate(fullWithLearnedSteps(), zeroStepsOutsideHead(), sinusoid.tasks).gradient()
                    .select(sinusoid.parameters.names());
            Parameters actual = estimator.estimate(headOnly(), sinusoid.parameters, sinusoid.tasks).gradient();

            double error = SinusoidProblem.relativeError(actual, expected);
            assertTrue(error < 1e-10, estimator.name() + ": head-only against zero step sizes outside the head, relative error "
                    + error);
        }
    }

    @Test
    void retainsFewerBytes() {
        for (MetaGradientEstimator estimator : List.of(ExactMaml.unrolled(), HessianVectorRecursion.exact())) {
            long headBytes = estimator.estimate(headOnly(), sinusoid.parameters, sinusoid.tasks).diagnostics().retainedBytes();
            long zeroStepBytes = estimator.estimate(fullWithLearnedSteps(), zeroStepsOutsideHead(), sinusoid.tasks).diagnostics()
                    .retainedBytes();
            long fullBytes = estimator.estimate(sinusoid.problem(SinusoidProblem.innerLoop()), sinusoid.parameters, sinusoid.tasks)
                    .diagnostics().retainedBytes();

            assertTrue(headBytes < zeroStepBytes, estimator.name() + ": head-only retains " + headBytes
                    + " bytes, zero step sizes outside the head " + zeroStepBytes);
            assertTrue(headBytes < fullBytes, estimator.name() + ": head-only retains " + headBytes + " bytes, full adaptation "
                    + fullBytes);
        }
    }
}
