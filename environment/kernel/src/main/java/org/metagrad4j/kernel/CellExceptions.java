package org.metagrad4j.kernel;

import java.util.List;

/** Errors of a cell, each with the traceback lines Jupyter shows for it. */
final class CellExceptions {
    private CellExceptions() {
    }

    /** A cell error whose traceback is ready to show. */
    abstract static class CellException extends RuntimeException {
        private final List<String> traceback;

        CellException(String message, List<String> traceback) {
            super(message, null, false, false);
            this.traceback = List.copyOf(traceback);
        }

        List<String> traceback() {
            return traceback;
        }
    }

    /** A snippet that did not compile; the traceback shows the diagnostic and the cell line. */
    static final class CompilationException extends CellException {
        CompilationException(String message, List<String> traceback) {
            super(message, traceback);
        }
    }

    /** A snippet that threw; the message starts with the thrown exception's class name. */
    static final class EvaluationException extends CellException {
        EvaluationException(String message, List<String> traceback) {
            super(message, traceback);
        }
    }

    /** A cell stopped by an interrupt request. */
    static final class CellInterruptedException extends CellException {
        CellInterruptedException() {
            super("The cell was interrupted", List.of("The cell was interrupted."));
        }
    }

    /** A line magic that failed, e.g. a {@code %jars} glob that matches no file. */
    static final class MagicException extends CellException {
        MagicException(String message) {
            super(message, List.of(message));
        }
    }
}
