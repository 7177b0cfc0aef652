package org.metagrad4j.surrogates;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.metagrad4j.estimators.Estimators;
import org.metagrad4j.estimators.MetaProblem;
import org.metagrad4j.estimators.TaskData;
import org.metagrad4j.inner.AdaptedSubset;
import org.metagrad4j.inner.InnerLoop;
import org.metagrad4j.nn.Activation;
import org.metagrad4j.nn.Initializers;
import org.metagrad4j.nn.Loss;
import org.metagrad4j.nn.Mlp;
import org.metagrad4j.nn.Parameters;
import org.metagrad4j.training.OuterOptimizer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import tech.tablesaw.api.Table;

/** The fidelity report: reference row, surrogate rows against the exact meta-gradient, table and errors (float64). */
class FidelityReportTest {
    private final Mlp model = Mlp.of(Activation.TANH, 3, 12, 4);
    private final Parameters theta = model.initialize(DataType.DOUBLE, 1);
    private final InnerLoop inner = InnerLoop.builder().steps(3).stepSize(0.3).loss(Loss.crossEntropy()).build();
    private final MetaProblem trueProblem = MetaProblem.of(model, inner);
    private final TaskData tasks = new TaskData(normal(1, 3, 8, 3), labels(), normal(2, 3, 8, 3), labels(), new long[] {1, 2, 3});

    private static INDArray normal(long seed, long... shape) {
        return Nd4j.randn(Initializers.generator(seed), shape).castTo(DataType.DOUBLE);
    }

    private static INDArray labels() {
        return Nd4j.createFromArray(new long[][] {{0, 1, 2, 3, 0, 1, 2, 3}, {3, 2, 1, 0, 3, 2, 1, 0}, {1, 1, 2, 2, 3, 3, 0, 0}});
    }

    @Test
    void rowsCompareWithExactGradient() {
        Mlp teacher = Mlp.of(Activation.TANH, 3, 20, 4);
        MetaProblem distilled = trueProblem.withOuterLoss(DistillationLoss.of(teacher, teacher.initialize(DataType.DOUBLE, 5), 2.0));
        MetaProblem headOnly = trueProblem.withInnerLoop(inner.withAdapted(AdaptedSubset.only(model.headParameterNames())));
        MetaProblem subsampled = trueProblem.withInnerLoop(inner.withLoss(SupportSubsampleLoss.of(Loss.crossEntropy(), 4, 9)));

        FidelityReport report = FidelityReport.of(trueProblem, theta, tasks)
                .compare("first-order", Estimators.firstOrder())
                .compare("head only", headOnly, Estimators.exact())
                .compare("support subsample 4 of 8", subsampled, Estimators.exact())
                .compare("distillation τ = 2", distilled, Estimators.exact());
        List<FidelityReport.Row> rows = report.rows();
        Table table = report.toTable();
        System.out.println(report);

        assertEquals(5, rows.size());
        assertEquals(1.0, rows.get(0).cosine(), 1e-12, "reference against itself");
        assertEquals(0.0, rows.get(0).relativeError(), 1e-12, "reference against itself");
        for (FidelityReport.Row row : rows.subList(1, rows.size())) {
            assertTrue(row.cosine() < 1 - 1e-6, row.label() + ": a surrogate moves the meta-gradient, cosine " + row.cosine());
            assertTrue(row.relativeError() > 1e-6, row.label() + ": relative error " + row.relativeError());
            assertTrue(Double.isFinite(row.trueQueryLoss()), row.label() + ": true query loss " + row.trueQueryLoss());
        }
        // An outer-loop surrogate keeps the inner loop, so the true query loss after adaptation is the reference's.
        assertEquals(rows.get(0).trueQueryLoss(), rows.get(4).trueQueryLoss(), 1e-12);
        assertEquals(report.trueGradient().diagnostics().queryLossAfter(), rows.get(0).trueQueryLoss(), 1e-12);
        assertEquals(5, table.rowCount());
        assertEquals("distillation τ = 2", table.stringColumn("surrogate").get(4));
    }

    @Test
    void trainedParametersGiveFinalTrueLoss() {
        Parameters gradient = Estimators.firstOrder().estimate(trueProblem, theta, tasks).gradient();
        Parameters stepped = OuterOptimizer.sgd(0.5).update(theta, gradient, OuterOptimizer.State.initial()).parameters();

        FidelityReport.Row row = FidelityReport.of(trueProblem, theta, tasks)
                .compare("first-order, one step", trueProblem, Estimators.firstOrder(), stepped).rows().get(1);

        double expected = Estimators.exact().estimate(trueProblem, stepped, tasks).diagnostics().queryLossAfter();
        assertEquals(expected, row.trueQueryLossAfterTraining(), 1e-12);
    }

    @Test
    void otherMetaParametersRejected() {
        MetaProblem learnedSteps = trueProblem.withInnerLoop(inner.withLearnedStepSizes(true));
        FidelityReport report = FidelityReport.of(trueProblem, theta, tasks);

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> report.compare("Meta-SGD", learnedSteps, Estimators.exact()));

        assertTrue(e.getMessage().contains("Meta-SGD"), e.getMessage());
        assertTrue(e.getMessage().contains("same meta-parameters"), e.getMessage());
    }
}
