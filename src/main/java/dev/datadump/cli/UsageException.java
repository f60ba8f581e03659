package dev.datadump.cli;

/** A command was given a value it cannot use; exits with code 2. */
final class UsageException extends RuntimeException {

    UsageException(String message) {
        super(message);
    }
}
