package org.metagrad4j.nn;

/** Resolves the task count T of a module call whose input and parameters may each carry a task dimension. */
final class TaskDimension {
    private TaskDimension() {
    }

    /**
     * Returns the common task count of the tensors that carry a task dimension, or 0 when none does.
     *
     * @param owner  module description for error messages
     * @param names  name of each tensor, for error messages
     * @param counts leading size of each tensor that carries a task dimension, 0 for the others
     * @throws IllegalArgumentException when two tensors carry different task counts
     */
    static long count(String owner, String[] names, long... counts) {
        long tasks = 0;
        String source = null;
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] == 0) {
                continue;
            }
            if (tasks != 0 && counts[i] != tasks) {
                throw new IllegalArgumentException(owner + ": task dimensions differ, " + source + " has " + tasks
                        + " tasks and " + names[i] + " has " + counts[i] + "; give every batched tensor the same T");
            }
            tasks = counts[i];
            source = names[i];
        }
        return tasks;
    }
}
