package dev.datadump.store;

/** An insert would duplicate a unique value (a name, a login, an unfinished job). */
public class DuplicateException extends StoreException {

    public DuplicateException(String message) {
        super(message);
    }
}
