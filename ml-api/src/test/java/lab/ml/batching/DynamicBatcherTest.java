package lab.ml.batching;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import lab.ml.model.Classification;
import lab.ml.model.TextClassifier;
import lab.ml.model.torch.TorchClassifier;
import lab.ml.model.torch.TorchScriptFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Dynamic batching in front of a real traced model (the tiny DistilBERT-architecture fixture). */
class DynamicBatcherTest {
    static TorchClassifier model;

    @BeforeAll
    static void load() throws Exception {
        model = TorchClassifier.fromDirectory(TorchScriptFixture.tiny());
    }

    @AfterAll
    static void close() {
        model.close();
    }

    /** The real model, noting the size of every batch it is given. */
    record Recording(TextClassifier real, List<Integer> batchSizes) implements TextClassifier {
        public String name() { return real.name(); }
        public int maxTokens() { return real.maxTokens(); }
        public List<Classification> classify(List<String> texts) {
            batchSizes.add(texts.size());
            return real.classify(texts);
        }
        public void close() { }
    }

    @Test
    void concurrentRequestsShareForwardPasses() throws Exception {
        Recording recording = new Recording(model, Collections.synchronizedList(new ArrayList<>()));
        try (DynamicBatcher batcher = new DynamicBatcher(recording, 16, Duration.ofMillis(20), 256, Duration.ofSeconds(30),
                new BatchMetrics(new PrometheusRegistry()))) {
            ExecutorService pool = Executors.newFixedThreadPool(16);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<List<Classification>>> answers = new ArrayList<>();
            for (int i = 0; i < 64; i++) {
                String text = "request number " + i;
                answers.add(pool.submit(() -> {
                    go.await();
                    return batcher.classify(List.of(text));
                }));
            }
            go.countDown();
            for (Future<List<Classification>> f : answers) assertEquals(1, f.get().size());
            pool.shutdown();
        }
        int passes = recording.batchSizes().size();
        int biggest = Collections.max(recording.batchSizes());
        assertEquals(64, recording.batchSizes().stream().mapToInt(Integer::intValue).sum());
        assertTrue(biggest > 1 && biggest <= 16, "batches of up to 16: " + recording.batchSizes());
        assertTrue(passes < 64, "fewer forward passes than requests: " + passes);
    }

    @Test
    void batchSizeOneMeansNoBatching() {
        Recording recording = new Recording(model, Collections.synchronizedList(new ArrayList<>()));
        try (DynamicBatcher batcher = new DynamicBatcher(recording, 1, Duration.ofMillis(20), 16, Duration.ofSeconds(30),
                new BatchMetrics(new PrometheusRegistry()))) {
            assertEquals(3, batcher.classify(List.of("a", "b", "c")).size());
        }
        assertEquals(List.of(1, 1, 1), recording.batchSizes());
    }

    @Test
    void aFullQueueRefusesAtOnceWithRetryAfter() {
        try (DynamicBatcher batcher = new DynamicBatcher(model, 4, Duration.ofMillis(5), 2, Duration.ofSeconds(30),
                new BatchMetrics(new PrometheusRegistry()))) {
            InferenceRefused.QueueFull e = assertThrows(InferenceRefused.QueueFull.class, () -> batcher.classify(List.of("a", "b", "c")));
            assertTrue(e.retryAfterSeconds() >= 1);
            assertEquals(2, batcher.classify(List.of("a", "b")).size(), "within capacity it still answers");
        }
    }

    /**
     * The real model behind a gate: a batch containing a text in {@code hold} waits for the gate; a text
     * in {@code fail} throws what {@code failure} makes. Every text the model was given is recorded.
     * A fault injected around the real model: a real model cannot be made to fail on cue.
     */
    record Faulty(TextClassifier real, Set<String> hold, CountDownLatch gate, Set<String> fail, Supplier<Throwable> failure,
                  List<String> computed) implements TextClassifier {
        public String name() { return real.name(); }
        public int maxTokens() { return real.maxTokens(); }
        public List<Classification> classify(List<String> texts) {
            computed.addAll(texts);
            if (texts.stream().anyMatch(hold::contains)) {
                try {
                    gate.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            if (texts.stream().anyMatch(fail::contains)) {
                Throwable t = failure.get();
                if (t instanceof Error e) throw e;
                throw (RuntimeException) t;
            }
            return real.classify(texts);
        }
        public void close() { }
    }

    private static Faulty faulty(Set<String> hold, CountDownLatch gate, Set<String> fail, Supplier<Throwable> failure) {
        return new Faulty(model, hold, gate, fail, failure, new CopyOnWriteArrayList<>());
    }

    @Test
    void aRequestThatTimesOutIsDroppedAndNeverComputed() throws Exception {
        CountDownLatch gate = new CountDownLatch(1);
        Faulty m = faulty(Set.of("slow"), gate, Set.of(), null);
        try (DynamicBatcher batcher = new DynamicBatcher(m, 1, Duration.ZERO, 16, Duration.ofMillis(300),
                new BatchMetrics(new PrometheusRegistry()))) {
            ExecutorService pool = Executors.newSingleThreadExecutor();
            Future<?> slow = pool.submit(() -> batcher.classify(List.of("slow")));
            while (!m.computed().contains("slow")) Thread.sleep(5); // the worker is busy with it now
            assertThrows(InferenceRefused.TimedOut.class, () -> batcher.classify(List.of("given up")));
            gate.countDown();
            assertThrows(java.util.concurrent.ExecutionException.class, slow::get, "the slow one timed out too");
            assertEquals(1, batcher.classify(List.of("after")).size());
            pool.shutdown();
        }
        assertFalse(m.computed().contains("given up"), "a request that gave up is never computed: " + m.computed());
    }

    @Test
    void aFailingBatchFailsOnlyItsOwnRequestsAndTheWorkerGoesOn() {
        Faulty m = faulty(Set.of(), new CountDownLatch(0), Set.of("boom"), () -> new IllegalStateException("bad tensor"));
        try (DynamicBatcher batcher = new DynamicBatcher(m, 4, Duration.ZERO, 16, Duration.ofSeconds(30),
                new BatchMetrics(new PrometheusRegistry()))) {
            InferenceRefused.Failed e = assertThrows(InferenceRefused.Failed.class, () -> batcher.classify(List.of("boom")));
            assertTrue(e.getMessage().contains("bad tensor"), e.getMessage());
            assertEquals(1, batcher.classify(List.of("fine")).size());
            assertNull(batcher.problem(), "one failed batch does not make the model unavailable");
        }
    }

    @Test
    void anErrorInTheModelBreaksTheBatcherAndSaysWhy() {
        Faulty m = faulty(Set.of(), new CountDownLatch(0), Set.of("oom"), () -> new OutOfMemoryError("native arena exhausted"));
        try (DynamicBatcher batcher = new DynamicBatcher(m, 4, Duration.ZERO, 16, Duration.ofSeconds(30),
                new BatchMetrics(new PrometheusRegistry()))) {
            assertThrows(InferenceRefused.Failed.class, () -> batcher.classify(List.of("oom")));
            assertNotNull(batcher.problem());
            assertTrue(batcher.problem().contains("native arena exhausted"), batcher.problem());
            InferenceRefused.Unavailable later = assertThrows(InferenceRefused.Unavailable.class, () -> batcher.classify(List.of("fine")));
            assertTrue(later.getMessage().contains("restart"), later.getMessage());
        }
    }
}
