package dev.datadump.export;

/** An export that cannot complete; the message names what failed and what an admin can do. */
public class ExportFailedException extends Exception {

    public ExportFailedException(String message) {
        super(message);
    }

    public ExportFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
