package org.metagrad4j.datasets;

/** Base class of the errors that dataset loaders raise: a missing file or a malformed one. */
public class DatasetException extends RuntimeException {

    /**
     * Creates an exception with a message that names the file and the fix.
     *
     * @param message what failed, on which path, and what to do next
     */
    public DatasetException(String message) {
        super(message);
    }

    /**
     * Creates an exception that wraps the underlying cause.
     *
     * @param message what failed, on which path, and what to do next
     * @param cause   the I/O or parsing error behind it
     */
    public DatasetException(String message, Throwable cause) {
        super(message, cause);
    }
}
