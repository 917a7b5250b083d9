package lab.ml.batching;

import lab.ml.model.Classification;
import lab.ml.model.TextClassifier;
import lab.service.http.ApiError;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Dynamic batching in front of the model: requests wait in a bounded queue; one inference thread takes
 * the oldest and, for up to {@code maxDelay} after it arrived, gathers more, up to {@code maxBatch},
 * then runs them in one forward pass. The delay is only spent while traffic is batching (the last pass
 * held more than one text): a lone request at low load is not kept waiting for company that never comes. A full queue refuses at once with 429 and Retry-After, so memory
 * never grows without bound; a request that waits longer than the timeout gets 503, never a hang.
 */
public final class DynamicBatcher implements AutoCloseable {
    private record Job(String text, long enqueuedNanos, CompletableFuture<Classification> result) {
    }

    private final TextClassifier model;
    private final int maxBatch;
    private final long maxDelayNanos;
    private final Duration timeout;
    private final BlockingQueue<Job> queue;
    private final BatchMetrics metrics;
    private final Thread worker;
    private volatile boolean running = true;
    private volatile double lastBatchSeconds = 0.05;
    private int lastBatchSize = 1;

    public DynamicBatcher(TextClassifier model, int maxBatch, Duration maxDelay, int capacity, Duration timeout,
                          BatchMetrics metrics) {
        this.model = model;
        this.maxBatch = maxBatch;
        this.maxDelayNanos = maxDelay.toNanos();
        this.timeout = timeout;
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.metrics = metrics;
        metrics.watchQueue(queue::size);
        this.worker = new Thread(this::loop, "inference");
        worker.setDaemon(true);
        worker.start();
    }

    /** Classifies the texts (they may share batches with other requests); blocks until answered. */
    public List<Classification> classify(List<String> texts) {
        List<Job> jobs = new ArrayList<>(texts.size());
        synchronized (queue) { // all of a request's texts are admitted, or none
            if (queue.remainingCapacity() < texts.size()) {
                metrics.rejected();
                throw new ApiError(429, "queue_full", "the inference queue is full (" + queue.size()
                        + " texts waiting); retry later", retryAfterSeconds());
            }
            for (String t : texts) {
                Job job = new Job(t, System.nanoTime(), new CompletableFuture<>());
                queue.add(job);
                jobs.add(job);
            }
        }
        List<Classification> out = new ArrayList<>(jobs.size());
        long deadline = System.nanoTime() + timeout.toNanos();
        for (Job job : jobs) {
            out.add(await(job, deadline));
        }
        return out;
    }

    private Classification await(Job job, long deadline) {
        try {
            return job.result().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw new ApiError(503, "inference_timeout", "no answer from the model within " + timeout.toSeconds()
                    + " s (" + queue.size() + " texts waiting)", retryAfterSeconds());
        } catch (ExecutionException e) {
            throw new IllegalStateException("inference failed: " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiError(503, "shutting_down", "the service is shutting down", 1);
        }
    }

    /** Time to work through what is queued now, by the last batch's speed; at least one second. */
    private int retryAfterSeconds() {
        double batches = Math.ceil((queue.size() + 1) / (double) maxBatch);
        return (int) Math.max(1, Math.ceil(batches * lastBatchSeconds));
    }

    private void loop() {
        List<Job> batch = new ArrayList<>(maxBatch);
        while (running) {
            try {
                Job first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) continue;
                batch.add(first);
                long until = first.enqueuedNanos() + (lastBatchSize > 1 ? maxDelayNanos : 0);
                while (batch.size() < maxBatch) {
                    long wait = until - System.nanoTime();
                    Job next = wait > 0 ? queue.poll(wait, TimeUnit.NANOSECONDS) : queue.poll();
                    if (next == null) break;
                    batch.add(next);
                }
                run(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } finally {
                batch.clear();
            }
        }
    }

    private void run(List<Job> batch) {
        long start = System.nanoTime();
        for (Job j : batch) metrics.queued((start - j.enqueuedNanos()) / 1e9);
        try {
            List<String> texts = new ArrayList<>(batch.size());
            for (Job j : batch) texts.add(j.text());
            List<Classification> results = model.classify(texts);
            for (int i = 0; i < batch.size(); i++) batch.get(i).result().complete(results.get(i));
        } catch (RuntimeException e) {
            for (Job j : batch) j.result().completeExceptionally(e);
        }
        lastBatchSeconds = (System.nanoTime() - start) / 1e9;
        lastBatchSize = batch.size();
        metrics.batch(batch.size(), lastBatchSeconds);
    }

    @Override
    public void close() {
        running = false;
        worker.interrupt();
    }
}
