package lab.portal.web;

import org.springframework.http.HttpStatus;

/**
 * A request the portal refuses, with the status and the words that say why. Thrown anywhere below a
 * controller; {@link ApiErrors} turns it into the one error shape, {@code {"error": ..., "message": ...}}.
 */
public class ApiError extends RuntimeException {
    private final HttpStatus status;
    private final String error;

    public ApiError(HttpStatus status, String error, String message) {
        super(message, null, false, false); // an expected answer, not a bug: no stack trace
        this.status = status;
        this.error = error;
    }

    public static ApiError notFound(String error, String message) {
        return new ApiError(HttpStatus.NOT_FOUND, error, message);
    }

    public static ApiError badRequest(String message) {
        return new ApiError(HttpStatus.BAD_REQUEST, "bad_request", message);
    }

    public static ApiError conflict(String error, String message) {
        return new ApiError(HttpStatus.CONFLICT, error, message);
    }

    public HttpStatus status() {
        return status;
    }

    public String error() {
        return error;
    }
}
