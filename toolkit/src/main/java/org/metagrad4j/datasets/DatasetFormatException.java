package org.metagrad4j.datasets;

/** Raised when a dataset file exists but is malformed: a wrong magic number, a truncated body, an unexpected shape. */
public class DatasetFormatException extends DatasetException {

    /**
     * Creates the exception.
     *
     * @param message the file, what was expected and what was found
     */
    public DatasetFormatException(String message) {
        super(message);
    }

    /**
     * Creates the exception with its cause.
     *
     * @param message the file, what was expected and what was found
     * @param cause   the underlying I/O or parsing error
     */
    public DatasetFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
