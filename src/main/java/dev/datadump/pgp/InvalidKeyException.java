package dev.datadump.pgp;

/** An OpenPGP public key that cannot be used to encrypt an archive. The message gives the reason. */
public class InvalidKeyException extends Exception {

    public InvalidKeyException(String message) {
        super(message);
    }

    public InvalidKeyException(String message, Throwable cause) {
        super(message, cause);
    }
}
