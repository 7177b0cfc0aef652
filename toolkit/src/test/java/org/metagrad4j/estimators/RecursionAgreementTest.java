package org.metagrad4j.estimators;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.metagrad4j.inner.AdaptedSubset;
import org.metagrad4j.inner.InnerLoop;
import org.metagrad4j.nn.Parameters;

/** The exact Hessian-vector recursion against the unrolled estimator on a sinusoid MLP, in float64. */
class RecursionAgreementTest {
    private static final double TOLERANCE = 1e-10;

    private final SinusoidProblem sinusoid = SinusoidProblem.small();

    private void assertAgree(InnerLoop inner) {
        MetaProblem problem = sinusoid.problem(inner);
        Parameters meta = inner.metaParameters(sinusoid.parameters);
        MetaGradient unrolled = ExactMaml.unrolled().estimate(problem, meta, sinusoid.tasks);
        MetaGradient recursion = HessianVectorRecursion.exact().estimate(problem, meta, sinusoid.tasks);
        for (String name : meta.names()) {
            double error = SinusoidProblem.relativeError(recursion.gradient().select(List.of(name)),
                    unrolled.gradient().select(List.of(name)));
            assertTrue(error < TOLERANCE, inner + ", '" + name + "': relative error " + error + ", tolerance " + TOLERANCE);
        }
    }

    private InnerLoop headOnlyLoop() {
        return SinusoidProblem.innerLoop().withAdapted(AdaptedSubset.only(sinusoid.mlp.headParameterNames()));
    }

    @Test
    void allAdapted() {
        assertAgree(SinusoidProblem.innerLoop());
    }

    @Test
    void headOnly() {
        assertAgree(headOnlyLoop());
    }

    @Test
    void learnedStepSizes() {
        assertAgree(SinusoidProblem.innerLoop().withLearnedStepSizes(true));
    }

    @Test
    void headOnlyLearnedStepSizes() {
        assertAgree(headOnlyLoop().withLearnedStepSizes(true));
    }

    @Test
    void biasesOnlyManySteps() {
        assertAgree(SinusoidProblem.innerLoop().withSteps(10).withAdapted(AdaptedSubset.biasesOnly()));
    }
}
