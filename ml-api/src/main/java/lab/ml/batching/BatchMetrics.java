package lab.ml.batching;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

import java.util.function.IntSupplier;

/** Queue time, batch size, inference time and refusals, as Triton and DJL Serving report them. */
public final class BatchMetrics {
    private final PrometheusRegistry registry;
    private final Histogram queueSeconds;
    private final Histogram batchSize;
    private final Histogram inferenceSeconds;
    private final Counter rejected;

    public BatchMetrics(PrometheusRegistry registry) {
        this.registry = registry;
        queueSeconds = Histogram.builder().name("inference_queue_duration_seconds")
                .help("Time a text waited in the batching queue").classicOnly()
                .classicUpperBounds(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10).register(registry);
        batchSize = Histogram.builder().name("inference_batch_size")
                .help("Texts per forward pass (dynamic batching)").classicOnly()
                .classicUpperBounds(1, 2, 4, 8, 16, 32, 64, 128, 256).register(registry);
        inferenceSeconds = Histogram.builder().name("inference_batch_duration_seconds")
                .help("Time of one forward pass, tokenising included").classicOnly()
                .classicUpperBounds(0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5).register(registry);
        rejected = Counter.builder().name("inference_rejected_total")
                .help("Requests refused because the batching queue was full (429)").register(registry);
    }

    void watchQueue(IntSupplier depth) {
        GaugeWithCallback.builder().name("inference_queue_depth").help("Texts waiting for a batch")
                .callback(cb -> cb.call(depth.getAsInt())).register(registry);
    }

    void queued(double seconds) {
        queueSeconds.observe(seconds);
    }

    void batch(int size, double seconds) {
        batchSize.observe(size);
        inferenceSeconds.observe(seconds);
    }

    void rejected() {
        rejected.inc();
    }
}
