package lab.process.load;

import java.net.URI;
import java.time.Duration;

/**
 * An open-model load: requests are sent at a constant arrival rate whatever the server does, and
 * each latency is counted from the moment the request was due (wrk2, k6 constant-arrival-rate), so a
 * stalled server shows up as latency instead of hiding as a lower send rate.
 */
public record LoadProfile(URI target, String contentType, byte[] body, double ratePerSecond,
                          Duration duration, Duration timeout, int maxInFlight) {
    public LoadProfile {
        if (ratePerSecond <= 0 || duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException("rate and duration must be positive");
        }
    }

    public static LoadProfile post(URI target, String json, double rate, Duration duration) {
        return new LoadProfile(target, "application/json", json.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                rate, duration, Duration.ofSeconds(5), 4096);
    }

    public long totalRequests() {
        return Math.round(ratePerSecond * duration.toNanos() / 1e9);
    }
}
