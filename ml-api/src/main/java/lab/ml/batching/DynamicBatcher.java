package lab.ml.batching;

import lab.ml.model.Classification;
import lab.ml.model.TextClassifier;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Dynamic batching in front of the model: requests wait in a bounded queue; one inference thread takes
 * the oldest and, for up to {@code maxDelay} after it arrived, gathers more, up to {@code maxBatch},
 * then runs them in one forward pass. The delay is only spent while traffic is batching (the last pass
 * held more than one text): a lone request at low load is not kept waiting for company that never comes.
 * A full queue refuses at once, so memory never grows without bound; a request that waits longer than the
 * timeout is refused and its texts are dropped, never computed for nobody. Any failure of the model fails
 * only the batch it happened in; an {@link Error} (the model's memory or native state can no longer be
 * trusted) breaks the batcher for good, and {@link #problem()} says so, which makes the service not ready.
 * Refusals are {@link InferenceRefused}: the batcher knows nothing of HTTP.
 */
public final class DynamicBatcher implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(DynamicBatcher.class.getName());

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
    private volatile String broken;
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

    /** Classifies the texts (they may share batches with other requests); blocks until answered or refused. */
    public List<Classification> classify(List<String> texts) {
        if (broken != null || !running) throw new InferenceRefused.Unavailable(broken != null ? broken : "the model is stopping");
        List<Job> jobs = new ArrayList<>(texts.size());
        synchronized (queue) { // all of a request's texts are admitted, or none
            if (queue.remainingCapacity() < texts.size()) {
                metrics.rejected();
                throw new InferenceRefused.QueueFull("the inference queue is full (" + queue.size()
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
        try {
            for (Job job : jobs) {
                out.add(await(job, deadline));
            }
        } finally {
            // Whatever was not answered (timed out, refused, interrupted) leaves the queue uncomputed.
            for (Job job : jobs) {
                if (job.result().cancel(false)) queue.remove(job);
            }
        }
        return out;
    }

    /** Why the batcher cannot serve any more, or null while it can. */
    public String problem() {
        return broken;
    }

    private Classification await(Job job, long deadline) {
        try {
            return job.result().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw new InferenceRefused.TimedOut("no answer from the model within " + timeout.toSeconds()
                    + " s (" + queue.size() + " texts waiting)", retryAfterSeconds());
        } catch (ExecutionException e) {
            if (e.getCause() instanceof InferenceRefused refused) throw refused;
            throw new InferenceRefused.Failed("inference failed: " + e.getCause(), e.getCause());
        } catch (CancellationException e) {
            throw new InferenceRefused.Unavailable(broken != null ? broken : "the model is stopping");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InferenceRefused.Unavailable("the service is shutting down");
        }
    }

    /** Time to work through what is queued now, by the last batch's speed; at least one second. */
    private int retryAfterSeconds() {
        double batches = Math.ceil((queue.size() + 1) / (double) maxBatch);
        return (int) Math.max(1, Math.ceil(batches * lastBatchSeconds));
    }

    private void loop() {
        List<Job> batch = new ArrayList<>(maxBatch);
        try {
            while (running) {
                Job first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null || first.result().isDone()) continue; // answered already: its request gave up
                batch.add(first);
                long until = first.enqueuedNanos() + (lastBatchSize > 1 ? maxDelayNanos : 0);
                while (batch.size() < maxBatch) {
                    long wait = until - System.nanoTime();
                    Job next = wait > 0 ? queue.poll(wait, TimeUnit.NANOSECONDS) : queue.poll();
                    if (next == null) break;
                    if (!next.result().isDone()) batch.add(next);
                }
                run(batch);
                batch.clear();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Throwable t) { // the loop itself must never die silently
            breakDown("the inference thread stopped: " + t, t);
        }
        failAll(batch, new InferenceRefused.Unavailable(broken != null ? broken : "the model is stopping"));
    }

    private void run(List<Job> batch) {
        long start = System.nanoTime();
        for (Job j : batch) metrics.queued((start - j.enqueuedNanos()) / 1e9);
        try {
            List<String> texts = new ArrayList<>(batch.size());
            for (Job j : batch) texts.add(j.text());
            List<Classification> results = model.classify(texts);
            for (int i = 0; i < batch.size(); i++) batch.get(i).result().complete(results.get(i));
        } catch (Exception e) {
            LOG.log(Level.WARNING, "inference failed for a batch of " + batch.size() + "; those requests get 503", e);
            failAll(batch, new InferenceRefused.Failed("inference failed: " + e, e));
        } catch (Error e) {
            // Broken first: whoever this batch's failure wakes must already see the batcher as broken.
            breakDown("the model failed beyond recovery (" + e + "); restart the service", e);
            failAll(batch, new InferenceRefused.Failed("inference failed: " + e, e));
        }
        lastBatchSeconds = (System.nanoTime() - start) / 1e9;
        lastBatchSize = batch.size();
        metrics.batch(batch.size(), lastBatchSeconds);
    }

    /** Nothing more is computed: the reason goes to /ready, and everyone waiting is refused now, not at their timeout. */
    private void breakDown(String reason, Throwable cause) {
        broken = reason;
        running = false;
        LOG.log(Level.SEVERE, reason, cause);
        List<Job> waiting = new ArrayList<>();
        queue.drainTo(waiting);
        failAll(waiting, new InferenceRefused.Unavailable(reason));
    }

    private static void failAll(List<Job> jobs, InferenceRefused why) {
        for (Job j : jobs) j.result().completeExceptionally(why);
    }

    @Override
    public void close() {
        running = false;
        worker.interrupt();
        List<Job> waiting = new ArrayList<>();
        queue.drainTo(waiting);
        failAll(waiting, new InferenceRefused.Unavailable("the model is stopping"));
    }
}
