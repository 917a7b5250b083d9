package lab.process.load;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

/**
 * A closed-model load for measuring capacity: {@code clients} callers each send the next request as soon
 * as the last is answered, first for a warm-up, then for the measured window. What the service answered
 * with 2xx per second in that window is its capacity for this request with that many callers waiting on
 * it (enough callers keep every replica's batches full; the service's own queue refuses the rest).
 * <p>
 * An answer counts when it arrives in the window, whenever its request was sent. Under a closed load
 * every caller has a request in flight when the window opens; counting only requests sent inside it
 * would leave those out and understate the capacity by {@code clients} ÷ the window's seconds (with 32
 * callers and 3 s, by 11 req/s: a fifth of what one ml-api replica serves).
 */
public final class ClosedLoad {

    /** Answers per second in the measured window, and the errors (any non-2xx, any failed exchange) in it. */
    public record Capacity(double answeredPerSecond, long errors) {
    }

    private ClosedLoad() {
    }

    public static Capacity measure(URI target, String json, int clients, Duration warmUp, Duration window, BooleanSupplier stop) {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        long start = System.nanoTime();
        long from = start + warmUp.toNanos();
        long until = from + window.toNanos();
        AtomicLong answered = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        List<Thread> callers = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            callers.add(Thread.ofVirtual().start(() -> {
                try (HttpConnection connection = new HttpConnection(target, "application/json", body, 5_000)) {
                    while (System.nanoTime() < until && !stop.getAsBoolean()) {
                        AtomicLong outcome;
                        try {
                            outcome = connection.exchange() < 300 ? answered : errors;
                        } catch (IOException e) {
                            connection.close();
                            outcome = errors;
                        }
                        long at = System.nanoTime();
                        if (at >= from && at <= until) outcome.incrementAndGet();
                    }
                }
            }));
        }
        for (Thread t : callers) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return new Capacity(answered.get() / (window.toNanos() / 1e9), errors.get());
    }
}
