package lab.ml.batching;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import lab.ml.model.Classification;
import lab.ml.model.TextClassifier;
import lab.ml.model.torch.TorchClassifier;
import lab.ml.model.torch.TorchScriptFixture;
import lab.service.http.ApiError;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
            ApiError e = assertThrows(ApiError.class, () -> batcher.classify(List.of("a", "b", "c")));
            assertEquals(429, e.status());
            assertEquals("queue_full", e.error());
            assertTrue(e.retryAfterSeconds() != null && e.retryAfterSeconds() >= 1);
            assertEquals(2, batcher.classify(List.of("a", "b")).size(), "within capacity it still answers");
        }
    }
}
