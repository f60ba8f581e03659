package dev.datadump.store;

/** A named admin, customer, database server or job does not exist. */
public class NotFoundException extends StoreException {

    public NotFoundException(String message) {
        super(message);
    }
}
