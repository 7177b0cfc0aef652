package org.metagrad4j.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.metagrad4j.datasets.LabeledDataset;
import org.metagrad4j.nn.Activation;
import org.metagrad4j.nn.Initializers;
import org.metagrad4j.nn.Mlp;
import org.metagrad4j.nn.ParameterFiles;
import org.metagrad4j.nn.Parameters;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Supervised pretraining on three separated Gaussian classes in the plane (float64). */
class SupervisedTrainerTest {
    private static final int PER_CLASS = 30;

    private final LabeledDataset blobs = blobs();
    private final Mlp model = Mlp.of(Activation.TANH, 2, 16, 3);

    /** Class c centred at 3·(cos 2πc/3, sin 2πc/3) with unit noise. */
    private static LabeledDataset blobs() {
        INDArray noise = Nd4j.randn(Initializers.generator(1), new long[] {3 * PER_CLASS, 2}).castTo(DataType.DOUBLE);
        long[] labels = new long[3 * PER_CLASS];
        for (int i = 0; i < labels.length; i++) {
            int c = i / PER_CLASS;
            labels[i] = c;
            noise.putScalar(i, 0, noise.getDouble(i, 0) + 3 * Math.cos(2 * Math.PI * c / 3));
            noise.putScalar(i, 1, noise.getDouble(i, 1) + 3 * Math.sin(2 * Math.PI * c / 3));
        }
        return LabeledDataset.fromArrays("blobs", noise, labels);
    }

    private SupervisedTrainer trainer() {
        return SupervisedTrainer.of(model, blobs).withOptimizer(OuterOptimizer.adam(1e-2)).withSteps(150).withBatchSize(32)
                .withSeed(4).withDataType(DataType.DOUBLE);
    }

    @Test
    void learnsSeparatedClasses() {
        SupervisedTrainingResult result = trainer().train(model.initialize(DataType.DOUBLE, 1));

        double firstLoss = result.history().doubleColumn("loss").getDouble(0);
        assertEquals(150, result.history().rowCount());
        assertTrue(result.finalMean("loss", 20) < 0.5 * firstLoss, "loss " + firstLoss + " -> " + result.finalMean("loss", 20));
        assertTrue(result.finalMean("accuracy", 20) > 0.9, "final mini-batch accuracy " + result.finalMean("accuracy", 20));
    }

    @Test
    void sameSeedSameParameters() {
        Parameters first = trainer().withSteps(20).train(model.initialize(DataType.DOUBLE, 1)).parameters();
        Parameters second = trainer().withSteps(20).train(model.initialize(DataType.DOUBLE, 1)).parameters();
        Parameters otherSeed = trainer().withSteps(20).withSeed(5).train(model.initialize(DataType.DOUBLE, 1)).parameters();

        assertEquals(0.0, first.sub(second).norm(), 0.0);
        assertTrue(first.sub(otherSeed).norm() > 0, "another seed draws other mini-batches");
    }

    @Test
    void savedParametersLoadEqual(@TempDir Path folder) throws Exception {
        Parameters trained = trainer().withSteps(10).train(model.initialize(DataType.DOUBLE, 1)).parameters();
        Path file = folder.resolve("pretrained.zip");

        ParameterFiles.save(trained, file);
        Parameters loaded = ParameterFiles.load(file);

        assertEquals(trained.names(), loaded.names());
        assertEquals(0.0, trained.sub(loaded).norm(), 0.0);
    }

    @Test
    void headWidthMustMatchClasses() {
        Mlp wrongHead = Mlp.of(Activation.TANH, 2, 16, 5);
        SupervisedTrainer trainer = SupervisedTrainer.of(wrongHead, blobs).withDataType(DataType.DOUBLE).withSteps(1);

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> trainer.train(wrongHead.initialize(DataType.DOUBLE, 1)));

        assertTrue(e.getMessage().contains("5 outputs"), e.getMessage());
        assertTrue(e.getMessage().contains("3 classes"), e.getMessage());
    }
}
