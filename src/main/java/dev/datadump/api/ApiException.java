package dev.datadump.api;

/**
 * An expected failure of an API request: the HTTP status and the message sent to the caller
 * as {@code {"message": ...}}. The factories name the status codes of the API contract.
 */
public class ApiException extends RuntimeException {

    private final int status;

    public ApiException(int status, String message) {
        super(message);
        this.status = status;
    }

    public int status() {
        return status;
    }

    /** 400: the request is malformed or a value is invalid. */
    public static ApiException badRequest(String message) {
        return new ApiException(400, message);
    }

    /** 403: the credentials are known to be wrong, expired or not allowed here. */
    public static ApiException forbidden(String message) {
        return new ApiException(403, message);
    }

    /** 404: a required parameter is missing, or a customer or job is not found for this caller. */
    public static ApiException notFound(String message) {
        return new ApiException(404, message);
    }
}
