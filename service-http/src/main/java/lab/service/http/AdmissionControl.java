package lab.service.http;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The executor behind the HTTP server: a fixed worker pool with a bounded queue. When the queue is
 * full the request is not dropped and not queued without bound: it runs on a small shedding pool
 * that answers 503 with Retry-After without reading the body. Memory stays bounded under any flood.
 */
public final class AdmissionControl implements Executor {
    private static final ThreadLocal<Boolean> SHEDDING = ThreadLocal.withInitial(() -> false);

    private final ThreadPoolExecutor workers;
    private final ThreadPoolExecutor shedders;
    private final int retryAfterSeconds;

    public AdmissionControl(int workerThreads, int queueCapacity, int retryAfterSeconds) {
        this.workers = new ThreadPoolExecutor(workerThreads, workerThreads, 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(queueCapacity), named("http-worker"), new ThreadPoolExecutor.AbortPolicy());
        // When even the shedders are behind, the server's own dispatcher writes the 503 (CallerRuns).
        this.shedders = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(queueCapacity), named("http-shed"), new ThreadPoolExecutor.CallerRunsPolicy());
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /** True on a thread that is answering a request the pool had no room for. */
    static boolean isShedding() {
        return SHEDDING.get();
    }

    ApiError overloaded() {
        return new ApiError(503, "overloaded",
                "the server's request queue is full (" + workers.getQueue().size() + " waiting); retry later",
                retryAfterSeconds);
    }

    @Override
    public void execute(Runnable exchange) {
        try {
            workers.execute(exchange);
        } catch (RejectedExecutionException full) {
            shedders.execute(() -> {
                SHEDDING.set(true);
                try {
                    exchange.run();
                } finally {
                    SHEDDING.set(false);
                }
            });
        }
    }

    public int queued() {
        return workers.getQueue().size();
    }

    void shutdown() {
        workers.shutdownNow();
        shedders.shutdownNow();
    }

    private static java.util.concurrent.ThreadFactory named(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
