package org.metagrad4j.training;

import java.util.Objects;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.metagrad4j.autodiff.GradOptions;
import org.metagrad4j.autodiff.Tape;
import org.metagrad4j.autodiff.Tensor;
import org.metagrad4j.datasets.LabeledDataset;
import org.metagrad4j.nn.Loss;
import org.metagrad4j.nn.Losses;
import org.metagrad4j.nn.Module;
import org.metagrad4j.nn.Parameters;
import org.metagrad4j.runtime.Nd4jRuntime;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.Table;

/**
 * Plain supervised training of a model on every class of a {@link LabeledDataset}: the way to
 * pretrain a backbone before meta-learning adapters on top of it.
 *
 * <p>Each step draws a mini-batch of {@code batchSize} examples (a class uniformly, then one of its
 * examples uniformly, with replacement) from a generator seeded by (seed, step), takes the
 * gradient of the mean loss (cross-entropy by default) against the class positions
 * 0 … classCount − 1, and applies the outer optimiser. The model's output width must equal the
 * dataset's class count. The same settings and seed give the same parameters.
 *
 * <p>Immutable: the {@code withX} methods return modified copies.
 */
public final class SupervisedTrainer {
    private static final Logger LOG = LoggerFactory.getLogger(SupervisedTrainer.class);

    private final Module model;
    private final LabeledDataset dataset;
    private final OuterOptimizer optimizer;
    private final Loss loss;
    private final int steps;
    private final int batchSize;
    private final long seed;
    private final DataType dataType;
    private final Consumer<StepRecord> listener;

    /** Measurements of one training step: the mini-batch's mean loss and accuracy, and its wall time. */
    public record StepRecord(int step, int totalSteps, double loss, double accuracy, double millis) {
    }

    private SupervisedTrainer(Module model, LabeledDataset dataset, OuterOptimizer optimizer, Loss loss, int steps, int batchSize,
                              long seed, DataType dataType, Consumer<StepRecord> listener) {
        if (steps < 0) {
            throw new IllegalArgumentException("steps must be >= 0, got " + steps);
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be >= 1, got " + batchSize);
        }
        if (!dataType.isFPType()) {
            throw new IllegalArgumentException("dataType must be a floating-point type such as FLOAT or DOUBLE, got " + dataType);
        }
        this.model = model;
        this.dataset = dataset;
        this.optimizer = optimizer;
        this.loss = loss;
        this.steps = steps;
        this.batchSize = batchSize;
        this.seed = seed;
        this.dataType = dataType;
        this.listener = listener;
    }

    /** Creates a trainer with Adam (learning rate 1e-3), cross-entropy, 500 steps of 64 examples, seed 0, float32 inputs. */
    public static SupervisedTrainer of(Module model, LabeledDataset dataset) {
        return new SupervisedTrainer(Objects.requireNonNull(model, "model"), Objects.requireNonNull(dataset, "dataset"),
                OuterOptimizer.adam(1e-3), Loss.crossEntropy(), 500, 64, 0, DataType.FLOAT, record -> { });
    }

    public SupervisedTrainer withOptimizer(OuterOptimizer value) {
        return new SupervisedTrainer(model, dataset, Objects.requireNonNull(value, "optimizer"), loss, steps, batchSize, seed,
                dataType, listener);
    }

    /** Returns a copy with another loss of logits and INT64 class positions. */
    public SupervisedTrainer withLoss(Loss value) {
        return new SupervisedTrainer(model, dataset, optimizer, Objects.requireNonNull(value, "loss"), steps, batchSize, seed,
                dataType, listener);
    }

    public SupervisedTrainer withSteps(int value) {
        return new SupervisedTrainer(model, dataset, optimizer, loss, value, batchSize, seed, dataType, listener);
    }

    public SupervisedTrainer withBatchSize(int value) {
        return new SupervisedTrainer(model, dataset, optimizer, loss, steps, value, seed, dataType, listener);
    }

    public SupervisedTrainer withSeed(long value) {
        return new SupervisedTrainer(model, dataset, optimizer, loss, steps, batchSize, value, dataType, listener);
    }

    /** Returns a copy whose input batches have {@code value} as data type; it must match the parameters' type. */
    public SupervisedTrainer withDataType(DataType value) {
        return new SupervisedTrainer(model, dataset, optimizer, loss, steps, batchSize, seed, Objects.requireNonNull(value, "dataType"),
                listener);
    }

    /** Returns a copy that calls {@code value} after every step, for example to update a progress bar. */
    public SupervisedTrainer onStep(Consumer<StepRecord> value) {
        return new SupervisedTrainer(model, dataset, optimizer, loss, steps, batchSize, seed, dataType,
                Objects.requireNonNull(value, "listener"));
    }

    /**
     * Trains from {@code initial}; the given parameters are not modified.
     *
     * @throws IllegalArgumentException when the model's output width differs from the dataset's class count
     */
    public SupervisedTrainingResult train(Parameters initial) {
        Nd4jRuntime.ensureConfigured();
        Parameters parameters = initial.detach();
        OuterOptimizer.State state = OuterOptimizer.State.initial();
        IntColumn stepColumn = IntColumn.create("step");
        DoubleColumn lossColumn = DoubleColumn.create("loss");
        DoubleColumn accuracyColumn = DoubleColumn.create("accuracy");
        DoubleColumn millisColumn = DoubleColumn.create("time (ms)");
        for (int step = 0; step < steps; step++) {
            long start = System.nanoTime();
            INDArray[] batch = sampleBatch(MetaTrainer.seedForStep(seed, step));
            Parameters gradient;
            double lossValue;
            double accuracy;
            try (Tape tape = Tape.create()) {
                Parameters watched = parameters.watch(tape);
                Tensor logits = model.forward(watched, Tensor.constant(batch[0]));
                requireClassOutputs(logits);
                Tensor value = loss.perTask(logits, batch[1]);
                lossValue = value.item();
                accuracy = Losses.accuracy(logits.value(), batch[1]).getDouble(0);
                gradient = watched.gradientOf(value, GradOptions.firstOrder().withAllowUnused(true));
            }
            if (!Double.isFinite(lossValue)) {
                throw new ArithmeticException("supervised training step " + step + ": the loss is " + lossValue
                        + "; lower the learning rate of " + optimizer);
            }
            OuterOptimizer.Update update = optimizer.update(parameters, gradient, state);
            parameters = update.parameters();
            state = update.state();
            double millis = (System.nanoTime() - start) / 1e6;
            stepColumn.append(step + 1);
            lossColumn.append(lossValue);
            accuracyColumn.append(accuracy);
            millisColumn.append(millis);
            listener.accept(new StepRecord(step + 1, steps, lossValue, accuracy, millis));
        }
        LOG.debug("supervised training finished: {} steps on '{}'", steps, dataset.name());
        Table history = Table.create("supervised training on " + dataset.name(), stepColumn, lossColumn, accuracyColumn,
                millisColumn);
        return new SupervisedTrainingResult(parameters, history);
    }

    /** Draws inputs {@code [batchSize, ...example shape]} and INT64 class positions {@code [batchSize]} for one seed. */
    INDArray[] sampleBatch(long batchSeed) {
        SplittableRandom random = new SplittableRandom(batchSeed);
        int size = dataset.exampleSize();
        double[] values = new double[batchSize * size];
        long[] labels = new long[batchSize];
        for (int i = 0; i < batchSize; i++) {
            int classIndex = random.nextInt(dataset.classCount());
            int example = random.nextInt(dataset.classAt(classIndex).exampleCount());
            dataset.readExample(classIndex, example, values, i * size);
            labels[i] = classIndex;
        }
        long[] exampleShape = dataset.exampleShape();
        long[] shape = new long[exampleShape.length + 1];
        shape[0] = batchSize;
        System.arraycopy(exampleShape, 0, shape, 1, exampleShape.length);
        return new INDArray[] {Nd4j.create(values, shape, dataType), Nd4j.createFromArray(labels)};
    }

    private void requireClassOutputs(Tensor logits) {
        long outputs = logits.size(-1);
        if (outputs != dataset.classCount()) {
            throw new IllegalArgumentException("the model has " + outputs + " outputs but dataset '" + dataset.name() + "' has "
                    + dataset.classCount() + " classes; build the model's head with " + dataset.classCount() + " outputs");
        }
    }

    @Override
    public String toString() {
        return "SupervisedTrainer[model=" + model + ", dataset='" + dataset.name() + "' (" + dataset.classCount()
                + " classes), loss=" + loss + ", optimizer=" + optimizer + ", steps=" + steps + ", batchSize=" + batchSize
                + ", seed=" + seed + ", dataType=" + dataType + "]";
    }
}
