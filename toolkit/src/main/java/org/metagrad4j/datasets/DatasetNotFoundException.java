package org.metagrad4j.datasets;

/** Raised when a dataset's directory or file does not exist; the message names the paths tried and how to obtain the data. */
public class DatasetNotFoundException extends DatasetException {

    /**
     * Creates the exception.
     *
     * @param message the paths tried and how to obtain the data
     */
    public DatasetNotFoundException(String message) {
        super(message);
    }
}
