package org.metagrad4j.estimators;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.metagrad4j.curvature.EpsilonPolicy;
import org.metagrad4j.inner.AdaptedSubset;
import org.metagrad4j.inner.InnerLoop;
import org.metagrad4j.inner.InnerOptimizer;
import org.metagrad4j.nn.Loss;
import org.metagrad4j.nn.Parameters;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Invalid settings and inputs: each is rejected with the value, the valid range or the alternatives. */
class EstimatorValidationTest {
    private final SinusoidProblem sinusoid = SinusoidProblem.small();

    private static String rejected(Executable executable) {
        return assertThrows(IllegalArgumentException.class, executable).getMessage();
    }

    private static void assertMentions(String message, String... parts) {
        for (String part : parts) {
            assertTrue(message.contains(part), "message should mention '" + part + "': " + message);
        }
    }

    @Test
    void innerStepsNegative() {
        String message = rejected(() -> InnerLoop.builder().steps(-1).loss(Loss.meanSquaredError()).build());
        assertMentions(message, ">= 0", "got -1");
    }

    @Test
    void innerStepSizeNotPositive() {
        assertMentions(rejected(() -> SinusoidProblem.innerLoop().withStepSize(0)), "> 0", "got 0.0");
        assertMentions(rejected(() -> SinusoidProblem.innerLoop().withStepSize(-0.1)), "> 0", "got -0.1");
        assertMentions(rejected(() -> SinusoidProblem.innerLoop().withStepSize(Double.NaN)), "> 0", "got NaN");
    }

    @Test
    void regularizationNotPositive() {
        assertMentions(rejected(() -> ImplicitMaml.conjugateGradient(0, 10, 1e-6)), "λ", "> 0", "got 0.0");
        assertMentions(rejected(() -> ImplicitMaml.conjugateGradient(-1, 10, 1e-6)), "λ", "> 0", "got -1.0");
        assertMentions(rejected(() -> ImplicitMaml.neumann(-0.5, 10, 0.5)), "λ", "> 0", "got -0.5");
    }

    @Test
    void epsilonNotPositive() {
        assertMentions(rejected(() -> EpsilonPolicy.fixed(0)), "> 0", "got 0.0");
        assertMentions(rejected(() -> EpsilonPolicy.fixed(-1e-3)), "> 0", "got -0.001");
        assertMentions(rejected(() -> EpsilonPolicy.relative(-2)), "> 0", "got -2.0");
    }

    @Test
    void solverSettingsInvalid() {
        assertMentions(rejected(() -> ImplicitMaml.conjugateGradient(1, 10, 0)), "> 0", "got 0.0");
        assertMentions(rejected(() -> ImplicitMaml.conjugateGradient(1, 10, -1e-6)), "> 0", "got -1.0E-6");
        assertMentions(rejected(() -> ImplicitMaml.conjugateGradient(1, 0, 1e-6)), ">= 1", "got 0");
        assertMentions(rejected(() -> ImplicitMaml.neumann(1, 10, 0)), "> 0", "got 0.0");
        assertMentions(rejected(() -> ImplicitMaml.neumann(1, -1, 0.5)), ">= 0", "got -1");
        assertMentions(rejected(() -> ExactMaml.truncated(-2)), ">= 0", "got -2");
    }

    @Test
    void optimizerSettingsInvalid() {
        assertMentions(rejected(() -> InnerOptimizer.momentum(1.0)), "[0, 1)", "got 1.0");
        assertMentions(rejected(() -> InnerOptimizer.adam(0.9, 1.5, 1e-8)), "[0, 1)", "beta2=1.5");
        assertMentions(rejected(() -> InnerOptimizer.adam(0.9, 0.999, 0)), "> 0", "got 0.0");
    }

    @Test
    void learnedStepSizesRejected() {
        InnerLoop learned = SinusoidProblem.innerLoop().withLearnedStepSizes(true);
        MetaProblem problem = sinusoid.problem(learned);
        Parameters meta = learned.metaParameters(sinusoid.parameters);
        String reptile = rejected(() -> new Reptile().estimate(problem, meta, sinusoid.tasks));
        assertMentions(reptile, "Reptile", "learned step sizes");
        String implicit = rejected(() -> ImplicitMaml.conjugateGradient(10, 10, 1e-6).estimate(problem, meta, sinusoid.tasks));
        assertMentions(implicit, "iMAML", "learned step sizes");
    }

    @Test
    void recursionRejectsMomentumAndAdam() {
        for (InnerOptimizer optimizer : List.of(InnerOptimizer.momentum(0.9), InnerOptimizer.adam())) {
            MetaProblem problem = sinusoid.problem(SinusoidProblem.innerLoop().withOptimizer(optimizer));
            for (MetaGradientEstimator recursion : List.of(HessianVectorRecursion.exact(),
                    HessianVectorRecursion.finiteDifference(EpsilonPolicy.defaultFor(DataType.DOUBLE)))) {
                String message = rejected(() -> recursion.estimate(problem, sinusoid.parameters, sinusoid.tasks));
                assertMentions(message, optimizer.toString(), "ExactMaml", "ImplicitMaml");
            }
        }
    }

    @Test
    void adaptedSubsetMissingName() {
        InnerLoop inner = SinusoidProblem.innerLoop().withAdapted(AdaptedSubset.only("head.weigth"));
        String message = rejected(() -> ExactMaml.unrolled().estimate(sinusoid.problem(inner), sinusoid.parameters, sinusoid.tasks));
        assertMentions(message, "head.weigth", "valid names", "head.weight", "hidden0.bias");
    }

    @Test
    void nanInputsRaiseArithmetic() {
        INDArray inputs = sinusoid.tasks.supportInputs().dup();
        inputs.putScalar(new long[] {1, 2, 0}, Double.NaN);
        TaskData poisoned = new TaskData(inputs, sinusoid.tasks.supportTargets(), sinusoid.tasks.queryInputs(),
                sinusoid.tasks.queryTargets());
        MetaProblem problem = sinusoid.problem(SinusoidProblem.innerLoop());
        for (MetaGradientEstimator estimator : Estimators.all(DataType.DOUBLE)) {
            ArithmeticException error = assertThrows(ArithmeticException.class,
                    () -> estimator.estimate(problem, sinusoid.parameters, poisoned), estimator.name());
            assertMentions(error.getMessage(), estimator.name(), "support inputs");
        }
    }

    @Test
    void divergingInnerLoopRaises() {
        MetaProblem problem = sinusoid.problem(SinusoidProblem.innerLoop().withStepSize(1e10).withSteps(40));
        for (MetaGradientEstimator estimator : List.of(Estimators.firstOrder(), Estimators.reptile(), Estimators.exactRecursive(),
                Estimators.implicitCg(1.0, 3))) {
            ArithmeticException error = assertThrows(ArithmeticException.class,
                    () -> estimator.estimate(problem, sinusoid.parameters, sinusoid.tasks), estimator.name());
            assertMentions(error.getMessage(), estimator.name(), "diverged", "lower the inner step size");
        }
    }

    @Test
    void callerParametersUnchanged() {
        InnerLoop learned = SinusoidProblem.innerLoop().withLearnedStepSizes(true);
        List<MetaGradientEstimator> estimators = new ArrayList<>(Estimators.all(DataType.DOUBLE));
        for (MetaGradientEstimator estimator : estimators) {
            boolean learnsStepSizes = !(estimator instanceof Reptile) && !(estimator instanceof ImplicitMaml);
            InnerLoop inner = learnsStepSizes ? learned : SinusoidProblem.innerLoop();
            Parameters meta = inner.metaParameters(sinusoid.parameters);
            Parameters before = meta.copy();
            INDArray supportBefore = sinusoid.tasks.supportInputs().dup();
            INDArray queryTargetsBefore = sinusoid.tasks.queryTargets().dup();

            estimator.estimate(sinusoid.problem(inner), meta, sinusoid.tasks);

            for (String name : meta.names()) {
                assertEquals(before.value(name), meta.value(name), estimator.name() + " changed '" + name + "'");
            }
            assertEquals(supportBefore, sinusoid.tasks.supportInputs(), estimator.name() + " changed the support inputs");
            assertEquals(queryTargetsBefore, sinusoid.tasks.queryTargets(), estimator.name() + " changed the query targets");
        }
    }
}
