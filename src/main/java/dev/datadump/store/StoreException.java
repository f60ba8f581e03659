package dev.datadump.store;

/** A failure of the job store: unreachable database, failed migration, failed statement. */
public class StoreException extends RuntimeException {

    public StoreException(String message) {
        super(message);
    }

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
