package dev.datadump.cli;

/** A well-formed command could not be carried out; exits with code 1. */
final class CommandFailedException extends RuntimeException {

    CommandFailedException(String message) {
        super(message);
    }
}
