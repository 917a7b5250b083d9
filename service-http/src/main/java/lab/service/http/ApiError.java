package lab.service.http;

/**
 * A request the service refuses, with the status and the JSON body that say why.
 * Thrown from handlers; {@link ServiceServer} turns it into {@code {"error": ..., "message": ...}}.
 */
public class ApiError extends RuntimeException {
    private final int status;
    private final String error;
    private final Integer retryAfterSeconds;

    public ApiError(int status, String error, String message) {
        this(status, error, message, null);
    }

    public ApiError(int status, String error, String message, Integer retryAfterSeconds) {
        super(message, null, false, false); // no stack trace: these are expected answers, not bugs
        this.status = status;
        this.error = error;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public static ApiError badRequest(String error, String message) {
        return new ApiError(400, error, message);
    }

    public int status() {
        return status;
    }

    public String error() {
        return error;
    }

    /** Seconds for a Retry-After header, or null when retrying will not help. */
    public Integer retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
