package dev.datadump.api;

/** 401: the request carries no usable Basic credentials, or a customer named another customer. */
public final class AuthenticationRequiredException extends ApiException {

    public AuthenticationRequiredException(String message) {
        super(401, message);
    }
}
