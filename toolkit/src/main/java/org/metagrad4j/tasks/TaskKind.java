package org.metagrad4j.tasks;

/** Whether a task's targets are real values or class indices. */
public enum TaskKind {
    /** Targets are real values of shape {@code [n, 1]} in the task's floating-point type. */
    REGRESSION,
    /** Targets are class indices 0..N−1, an INT64 array of shape {@code [n]}. */
    CLASSIFICATION
}
