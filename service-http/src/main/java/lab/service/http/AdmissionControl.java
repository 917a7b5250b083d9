package lab.service.http;

import java.io.IOException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Bounds the work in progress: at most {@code concurrent} requests do their work at once, at most
 * {@code queueCapacity} more wait for their turn, and beyond that a request is refused at once with 503
 * and Retry-After, so memory stays bounded under any flood. Every connection has a virtual thread of its
 * own, so waiting costs next to nothing, and only work passes through here: health, readiness, info and
 * metrics never queue behind it.
 */
public final class AdmissionControl {
    /** The work a request does once admitted. */
    @FunctionalInterface
    public interface Work {
        Response run() throws IOException;
    }

    private final Semaphore slots;
    private final int capacity;
    private final int retryAfterSeconds;
    private final AtomicInteger inside = new AtomicInteger();

    public AdmissionControl(int concurrent, int queueCapacity, int retryAfterSeconds) {
        this.slots = new Semaphore(concurrent, true);
        this.capacity = concurrent + queueCapacity;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /** Runs the work when a slot is free, waiting in the bounded queue for one; refuses with 503 when the queue is full. */
    public Response admit(Work work) throws IOException {
        if (inside.incrementAndGet() > capacity) {
            inside.decrementAndGet();
            throw new ApiError(503, "overloaded", "the server's request queue is full (" + slots.getQueueLength()
                    + " waiting); retry later", retryAfterSeconds);
        }
        try {
            slots.acquire();
            try {
                return work.run();
            } finally {
                slots.release();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiError(503, "shutting_down", "the service is shutting down; retry elsewhere", 1);
        } finally {
            inside.decrementAndGet();
        }
    }

    /** Requests admitted and not yet answered, running or waiting: what a graceful shutdown waits for. */
    public int inside() {
        return inside.get();
    }
}
