package lab.ml.batching;

/**
 * Why the batcher did not answer a request. The batcher knows nothing of HTTP: the service maps each
 * kind to a status at its edge (a full queue is 429, the others 503), as djl-serving's work-load manager
 * does with its capacity exceptions. {@link #retryAfterSeconds()} is the batcher's estimate of when
 * trying again makes sense.
 */
public abstract sealed class InferenceRefused extends RuntimeException {
    private final int retryAfterSeconds;

    private InferenceRefused(String message, int retryAfterSeconds, Throwable cause) {
        super(message, cause, false, false); // expected outcomes, not bugs: no stack trace
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public int retryAfterSeconds() {
        return retryAfterSeconds;
    }

    /** The queue cannot take the request's texts now. */
    public static final class QueueFull extends InferenceRefused {
        QueueFull(String message, int retryAfterSeconds) {
            super(message, retryAfterSeconds, null);
        }
    }

    /** The request waited longer than the timeout; its texts were dropped unanswered. */
    public static final class TimedOut extends InferenceRefused {
        TimedOut(String message, int retryAfterSeconds) {
            super(message, retryAfterSeconds, null);
        }
    }

    /** The model failed on the batch this request was in. */
    public static final class Failed extends InferenceRefused {
        Failed(String message, Throwable cause) {
            super(message, 1, cause);
        }
    }

    /** The batcher is stopped or broken and answers nothing more. */
    public static final class Unavailable extends InferenceRefused {
        Unavailable(String message) {
            super(message, 30, null);
        }
    }
}
