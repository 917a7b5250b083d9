package lab.process.load;

import java.net.URI;
import java.time.Duration;

/**
 * An open-model load: requests are sent at a constant arrival rate whatever the server does, and
 * each latency is counted from the moment the request was due (wrk2, k6 constant-arrival-rate), so a
 * stalled server shows up as latency instead of hiding as a lower send rate.
 * <p>
 * With a {@code deadline}, each client gives up on its request that long after it was due, as a real
 * caller with a timeout does: a request not answered (or not even sent) by then is an error
 * ({@code deadline}), so an overloaded server shows as failed requests instead of a queue that hides for
 * seconds in the latency; and as many requests may be in flight as the deadline allows.
 */
public record LoadProfile(URI target, String contentType, byte[] body, double ratePerSecond,
                          Duration duration, Duration timeout, int maxInFlight, Duration deadline) {
    public LoadProfile {
        if (ratePerSecond <= 0 || duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException("rate and duration must be positive");
        }
        if (deadline != null && (deadline.isNegative() || deadline.isZero())) throw new IllegalArgumentException("a deadline must be positive");
    }

    public LoadProfile(URI target, String contentType, byte[] body, double ratePerSecond, Duration duration, Duration timeout, int maxInFlight) {
        this(target, contentType, body, ratePerSecond, duration, timeout, maxInFlight, null);
    }

    public static LoadProfile post(URI target, String json, double rate, Duration duration) {
        return new LoadProfile(target, "application/json", json.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                rate, duration, Duration.ofSeconds(5), 4096);
    }

    /** The same load from clients that give up {@code limit} after each request was due. */
    public LoadProfile withDeadline(Duration limit) {
        return new LoadProfile(target, contentType, body, ratePerSecond, duration, limit, maxInFlight, limit);
    }

    /** How many connections the load needs: enough for the rate, and with a deadline, for every request it allows in flight. */
    int connections() {
        int wanted = deadline == null ? (int) Math.ceil(ratePerSecond / 50) + 8
                : (int) Math.ceil(ratePerSecond * deadline.toNanos() / 1e9) + 8;
        return Math.max(1, Math.min(maxInFlight, wanted));
    }

    public long totalRequests() {
        return Math.round(ratePerSecond * duration.toNanos() / 1e9);
    }
}
