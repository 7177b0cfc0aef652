package org.metagrad4j.tasks;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import org.metagrad4j.runtime.Nd4jRuntime;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * An immutable meta-batch of tasks with equal shapes, which can be stacked into arrays with a
 * leading task dimension {@code T} for batched computation: inputs {@code [T, n, ...]}, targets
 * {@code [T, n, 1]} (regression) or INT64 {@code [T, n]} (classification). Element {@code i} of a
 * stacked array equals the corresponding array of task {@code i}.
 *
 * <p>Stacked arrays are built on first use and then shared, so callers must not modify them in place.
 */
public final class TaskBatch {
    private static final int PREVIEW_TASKS = 3;

    private final List<Task> tasks;
    private INDArray supportInputs;
    private INDArray supportTargets;
    private INDArray queryInputs;
    private INDArray queryTargets;

    private TaskBatch(List<Task> tasks) {
        this.tasks = tasks;
    }

    /**
     * Creates a batch.
     *
     * @param tasks one or more tasks of one kind, type, class count and shapes
     * @throws IllegalArgumentException if the list is empty or the tasks differ in kind, type, class count or shape
     */
    public static TaskBatch of(List<Task> tasks) {
        Objects.requireNonNull(tasks, "tasks");
        if (tasks.isEmpty()) {
            throw new IllegalArgumentException("a TaskBatch needs at least one task, got none");
        }
        Task first = tasks.get(0);
        for (int i = 1; i < tasks.size(); i++) {
            Task task = Objects.requireNonNull(tasks.get(i), "tasks[" + i + "]");
            if (task.kind() != first.kind() || task.dataType() != first.dataType() || task.numClasses() != first.numClasses()
                    || !sameShape(task.supportInputs(), first.supportInputs()) || !sameShape(task.queryInputs(), first.queryInputs())
                    || !sameShape(task.supportTargets(), first.supportTargets())
                    || !sameShape(task.queryTargets(), first.queryTargets())) {
                throw new IllegalArgumentException("task " + i + " cannot be stacked with task 0: " + describe(task)
                        + " versus " + describe(first) + "; a batch needs one kind, type, class count and shapes");
            }
        }
        return new TaskBatch(List.copyOf(tasks));
    }

    private static boolean sameShape(INDArray a, INDArray b) {
        return Arrays.equals(a.shape(), b.shape());
    }

    private static String describe(Task task) {
        return task.kind() + " " + task.dataType() + " N=" + task.numClasses() + " support " + Arrays.toString(task.supportInputs().shape())
                + " query " + Arrays.toString(task.queryInputs().shape());
    }

    /** Returns the tasks in order. */
    public List<Task> tasks() {
        return tasks;
    }

    /** Returns the number of tasks T. */
    public int size() {
        return tasks.size();
    }

    /**
     * Returns task {@code i}.
     *
     * @throws IndexOutOfBoundsException if {@code i} is outside 0..size()−1
     */
    public Task get(int i) {
        Objects.checkIndex(i, tasks.size());
        return tasks.get(i);
    }

    /** Returns the tasks' kind. */
    public TaskKind kind() {
        return tasks.get(0).kind();
    }

    /** Returns the tasks' floating-point input type. */
    public DataType dataType() {
        return tasks.get(0).dataType();
    }

    /** Returns the number of classes per task (0 for regression). */
    public int numClasses() {
        return tasks.get(0).numClasses();
    }

    /** Returns the support inputs stacked, {@code [T, n, ...]}. */
    public synchronized INDArray supportInputs() {
        if (supportInputs == null) {
            supportInputs = stack(Task::supportInputs);
        }
        return supportInputs;
    }

    /** Returns the support targets stacked: {@code [T, n, 1]} values or INT64 {@code [T, n]} class indices. */
    public synchronized INDArray supportTargets() {
        if (supportTargets == null) {
            supportTargets = stack(Task::supportTargets);
        }
        return supportTargets;
    }

    /** Returns the query inputs stacked, {@code [T, m, ...]}. */
    public synchronized INDArray queryInputs() {
        if (queryInputs == null) {
            queryInputs = stack(Task::queryInputs);
        }
        return queryInputs;
    }

    /** Returns the query targets stacked: {@code [T, m, 1]} values or INT64 {@code [T, m]} class indices. */
    public synchronized INDArray queryTargets() {
        if (queryTargets == null) {
            queryTargets = stack(Task::queryTargets);
        }
        return queryTargets;
    }

    private INDArray stack(Function<Task, INDArray> part) {
        Nd4jRuntime.ensureConfigured();
        INDArray[] arrays = tasks.stream().map(part).toArray(INDArray[]::new);
        return Nd4j.stack(0, arrays);
    }

    /** Returns a bounded summary: task count, kind, shapes and the first few tasks. */
    @Override
    public String toString() {
        Task first = tasks.get(0);
        StringBuilder text = new StringBuilder("TaskBatch of ").append(tasks.size()).append(' ').append(first.kind())
                .append(" tasks, ").append(first.dataType())
                .append(": support [T=").append(tasks.size()).append(", ")
                .append(Arrays.toString(first.supportInputs().shape()).substring(1))
                .append(", query [T=").append(tasks.size()).append(", ")
                .append(Arrays.toString(first.queryInputs().shape()).substring(1));
        for (int i = 0; i < Math.min(PREVIEW_TASKS, tasks.size()); i++) {
            text.append("\n  ").append(i).append(": ").append(tasks.get(i));
        }
        if (tasks.size() > PREVIEW_TASKS) {
            text.append("\n  ... (").append(tasks.size() - PREVIEW_TASKS).append(" more)");
        }
        return text.toString();
    }
}
