package lab.portal.metrics;

import io.prometheus.metrics.expositionformats.generated.com_google_protobuf_4_33_0.Metrics;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * One scrape of a replica's /metrics, reduced to what an operator alerts on, as the counters stand
 * (cumulative): requests and errors on the work routes, the latency histogram's buckets, the batching
 * queue's depth, the batch-size histogram's sum and count, and readiness. Read from the protobuf format
 * with the Prometheus client's own generated parser.
 */
record Reading(long atNanos, double requests, double errors, TreeMap<Double, Double> latencyBuckets, Double queueDepth,
               double batchSum, double batchCount, Boolean ready) {

    /** The protobuf exposition format, as a Prometheus server asks for it. */
    static final String ACCEPT = "application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited";

    /** Probes and scrapes are not traffic: they are left out of the rates and latencies. */
    private static final Set<String> NOT_WORK = Set.of("/health", "/ready", "/info", "/metrics", "/v2/health/live", "/v2/health/ready", "unmatched");

    static Reading parse(InputStream delimited, long atNanos) throws IOException {
        double requests = 0;
        double errors = 0;
        TreeMap<Double, Double> latency = new TreeMap<>();
        Double queue = null;
        double batchSum = 0;
        double batchCount = 0;
        Boolean ready = null;
        Metrics.MetricFamily family;
        while ((family = Metrics.MetricFamily.parseDelimitedFrom(delimited)) != null) {
            String name = family.getName();
            for (Metrics.Metric m : family.getMetricList()) {
                Map<String, String> labels = new TreeMap<>();
                m.getLabelList().forEach(l -> labels.put(l.getName(), l.getValue()));
                boolean work = labels.containsKey("route") && !NOT_WORK.contains(labels.get("route"));
                switch (name) {
                    case "http_requests_total", "http_requests" -> {
                        if (!work) break;
                        double n = m.getCounter().getValue();
                        requests += n;
                        String status = labels.getOrDefault("status", "");
                        if (status.startsWith("5") || status.equals("429")) errors += n;
                    }
                    case "http_request_duration_seconds" -> {
                        if (!work) break;
                        for (Metrics.Bucket b : m.getHistogram().getBucketList()) {
                            latency.merge(b.getUpperBound(), (double) b.getCumulativeCount(), Double::sum);
                        }
                        latency.merge(Double.POSITIVE_INFINITY, (double) m.getHistogram().getSampleCount(), Double::sum);
                    }
                    case "inference_queue_depth" -> queue = m.getGauge().getValue();
                    case "inference_batch_size" -> {
                        batchSum += m.getHistogram().getSampleSum();
                        batchCount += m.getHistogram().getSampleCount();
                    }
                    case "service_ready" -> ready = m.getGauge().getValue() == 1;
                    default -> {
                    }
                }
            }
        }
        return new Reading(atNanos, requests, errors, latency, queue, batchSum, batchCount, ready);
    }
}
