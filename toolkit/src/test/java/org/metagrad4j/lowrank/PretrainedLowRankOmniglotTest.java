package org.metagrad4j.lowrank;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.metagrad4j.autodiff.Tensor;
import org.metagrad4j.datasets.MetaSplits;
import org.metagrad4j.datasets.Omniglot;
import org.metagrad4j.datasets.SharedTestData;
import org.metagrad4j.estimators.Estimators;
import org.metagrad4j.estimators.MetaProblem;
import org.metagrad4j.inner.InnerLoop;
import org.metagrad4j.nn.Activation;
import org.metagrad4j.nn.Loss;
import org.metagrad4j.nn.Mlp;
import org.metagrad4j.nn.ParameterFiles;
import org.metagrad4j.nn.Parameters;
import org.metagrad4j.tasks.FewShotTasks;
import org.metagrad4j.training.MetaBatchSampler;
import org.metagrad4j.training.MetaTestResult;
import org.metagrad4j.training.MetaTrainer;
import org.metagrad4j.training.OuterOptimizer;
import org.metagrad4j.training.SupervisedTrainer;
import org.metagrad4j.training.SupervisedTrainingResult;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Low-rank meta-learning on a pretrained backbone, on Omniglot at 28 × 28 (float32). An MLP is
 * first trained on every class of the meta-training alphabets. Rank-4 adapters and a new 5-way
 * head are then meta-learned on tasks from the held-out background alphabets. The meta-test uses
 * the evaluation alphabets, none of whose classes was seen before.
 *
 * <p>The baseline is the same backbone and inner loop with un-meta-trained adapters (B = 0, the
 * initial head); both are tested on the same 5-way 1-shot tasks.
 */
@Tag("slow")
class PretrainedLowRankOmniglotTest {
    private static final int WAYS = 5;

    @Test
    void metaTrainedAdaptersBeatUntrained(@TempDir Path folder) throws Exception {
        Path directory = SharedTestData.omniglot().orElse(null);
        assumeTrue(directory != null, SharedTestData.missingReason());
        MetaSplits splits = Omniglot.load(directory).standardSplits().resized(28, 28);

        // Pretraining: every class of the meta-training alphabets, a head over all of them.
        Mlp pretrainModel = Mlp.of(Activation.RELU, 784, 128, 64, splits.train().classCount()).withExampleRank(3);
        SupervisedTrainingResult pretrained = SupervisedTrainer.of(pretrainModel, splits.train())
                .withOptimizer(OuterOptimizer.adam(2e-3)).withSteps(400).withBatchSize(128).withSeed(1)
                .train(pretrainModel.initialize(DataType.FLOAT, 1));
        System.out.println(pretrained);
        Path file = folder.resolve("backbone.zip");
        ParameterFiles.save(pretrained.parameters(), file);
        Parameters backbone = ParameterFiles.load(file).select(name -> name.startsWith("hidden"));

        // Few-shot model: the pretrained hidden layers (frozen inside the adapter) and a new zero head.
        Mlp fewShotModel = Mlp.of(Activation.RELU, 784, 128, 64, WAYS).withExampleRank(3);
        Parameters head = Parameters.empty()
                .with("head.weight", Tensor.constant(Nd4j.zeros(DataType.FLOAT, 64, WAYS)))
                .with("head.bias", Tensor.constant(Nd4j.zeros(DataType.FLOAT, WAYS)));
        LowRankAdapter adapter = LowRankAdapter.builder(fewShotModel, backbone.merge(head))
                .targets("hidden0.weight", "hidden1.weight").trainable(fewShotModel.headParameterNames()).rank(4).build();
        System.out.println(adapter.parameterCountTable().print());

        InnerLoop inner = InnerLoop.builder().steps(3).stepSize(0.1).loss(Loss.crossEntropy()).build();
        MetaProblem problem = MetaProblem.of(adapter, inner);
        FewShotTasks metaTrainTasks = FewShotTasks.builder(splits.validation()).ways(WAYS).shots(1).queries(5)
                .dataType(DataType.FLOAT).build();
        FewShotTasks testTasks = FewShotTasks.builder(splits.test()).ways(WAYS).shots(1).queries(5)
                .dataType(DataType.FLOAT).build();

        Parameters untrained = adapter.initialize(DataType.FLOAT, 3);
        var trained = MetaTrainer.of(problem, metaTrainTasks).withEstimator(Estimators.exact())
                .withOptimizer(OuterOptimizer.adam(1e-3)).withMetaBatchSize(8).withSteps(300).withSeed(5).train(untrained);
        System.out.println(trained);

        MetaBatchSampler test = MetaBatchSampler.of(testTasks);
        MetaTestResult before = MetaTestResult.evaluate("B = 0 adapters", problem, untrained, test, 300, 25, 99);
        MetaTestResult after = MetaTestResult.evaluate("meta-trained adapters", problem, trained.parameters(), test, 300, 25, 99);
        System.out.println(MetaTestResult.toTable(List.of(before, after)).print());

        assertEquals(untrained.names(), trained.parameters().names());
        assertTrue(after.meanAccuracy() - after.accuracyInterval() > before.meanAccuracy() + before.accuracyInterval(),
                "meta-trained " + after + " should beat " + before + " by more than both 95% intervals");
    }
}
