package lab.portal.metrics;

import java.util.Map;
import java.util.TreeMap;

/**
 * What happened between two readings of one replica, per second: request and error rates, p50 and p99
 * from the latency histogram's buckets (as Prometheus' histogram_quantile estimates them: linear within
 * the bucket the quantile falls in), and the mean batch size. Null where nothing happened.
 */
record Signals(Double requestsPerS, Double errorsPerS, Double p50Ms, Double p99Ms, Double queueDepth, Double batchSize, Boolean ready) {

    static Signals between(Reading before, Reading now) {
        double seconds = (now.atNanos() - before.atNanos()) / 1e9;
        if (seconds <= 0) throw new IllegalArgumentException("readings out of order");
        // A counter that went down means the replica restarted: that second has no rate.
        boolean restarted = now.requests() < before.requests();
        Double rps = restarted ? null : (now.requests() - before.requests()) / seconds;
        Double eps = restarted ? null : (now.errors() - before.errors()) / seconds;
        TreeMap<Double, Double> delta = new TreeMap<>();
        if (!restarted) {
            now.latencyBuckets().forEach((le, count) -> delta.put(le, count - before.latencyBuckets().getOrDefault(le, 0.0)));
        }
        double batches = now.batchCount() - before.batchCount();
        Double batch = restarted || batches <= 0 ? null : (now.batchSum() - before.batchSum()) / batches;
        return new Signals(rps, eps, millis(quantile(0.5, delta)), millis(quantile(0.99, delta)), now.queueDepth(), batch, now.ready());
    }

    /** The q-quantile of cumulative bucket counts ({@code le} → count), or null when they hold nothing. */
    static Double quantile(double q, TreeMap<Double, Double> cumulative) {
        if (cumulative.isEmpty()) return null;
        double total = cumulative.lastEntry().getValue();
        if (total <= 0) return null;
        double rank = q * total;
        double lowerBound = 0;
        double lowerCount = 0;
        for (Map.Entry<Double, Double> b : cumulative.entrySet()) {
            if (b.getValue() >= rank) {
                // in the +Inf bucket the best estimate is the highest finite bound
                if (b.getKey().isInfinite()) return lowerBound;
                double inBucket = b.getValue() - lowerCount;
                return inBucket <= 0 ? b.getKey() : lowerBound + (b.getKey() - lowerBound) * (rank - lowerCount) / inBucket;
            }
            lowerBound = b.getKey();
            lowerCount = b.getValue();
        }
        return lowerBound;
    }

    private static Double millis(Double seconds) {
        return seconds == null ? null : Math.round(seconds * 1e5) / 100.0;
    }
}
