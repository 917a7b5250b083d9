package lab.portal.metrics;

import org.junit.jupiter.api.Test;

import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Rates and quantiles between two scrapes, estimated as Prometheus' histogram_quantile does. */
class SignalsTest {

    private static TreeMap<Double, Double> buckets(double... boundAndCount) {
        TreeMap<Double, Double> m = new TreeMap<>();
        for (int i = 0; i < boundAndCount.length; i += 2) m.put(boundAndCount[i], boundAndCount[i + 1]);
        return m;
    }

    @Test
    void quantilesInterpolateWithinTheBucketTheyFallIn() {
        // 100 observations: 50 up to 10 ms, 40 more up to 50 ms, 10 more up to 100 ms
        TreeMap<Double, Double> b = buckets(0.01, 50, 0.05, 90, 0.1, 100, Double.POSITIVE_INFINITY, 100);
        assertThat(Signals.quantile(0.5, b)).isCloseTo(0.01, within(1e-9));
        assertThat(Signals.quantile(0.7, b)).as("20 of the 40 between 10 and 50 ms").isCloseTo(0.03, within(1e-9));
        assertThat(Signals.quantile(0.99, b)).isCloseTo(0.095, within(1e-9));
        assertThat(Signals.quantile(0.99, buckets(0.01, 0, Double.POSITIVE_INFINITY, 0))).as("nothing observed").isNull();
        assertThat(Signals.quantile(0.99, buckets(0.01, 1, 0.05, 1, Double.POSITIVE_INFINITY, 10)))
                .as("beyond the last finite bound: that bound, as Prometheus does").isEqualTo(0.05);
    }

    @Test
    void ratesAreTheCountersGrowthPerSecondAndARestartHasNone() {
        Reading before = new Reading(0, 100, 2, buckets(0.01, 90, Double.POSITIVE_INFINITY, 100), 3.0, 40, 10, true);
        Reading after = new Reading(2_000_000_000L, 160, 8, buckets(0.01, 140, Double.POSITIVE_INFINITY, 160), 7.0, 100, 20, true);
        Signals s = Signals.between(before, after);
        assertThat(s.requestsPerS()).isEqualTo(30);
        assertThat(s.errorsPerS()).isEqualTo(3);
        assertThat(s.batchSize()).as("60 texts in 10 batches").isEqualTo(6);
        assertThat(s.queueDepth()).isEqualTo(7);
        assertThat(s.p50Ms()).isLessThanOrEqualTo(10);
        Reading restarted = new Reading(4_000_000_000L, 3, 0, buckets(0.01, 3, Double.POSITIVE_INFINITY, 3), 0.0, 3, 1, false);
        Signals r = Signals.between(after, restarted);
        assertThat(r.requestsPerS()).isNull();
        assertThat(r.p99Ms()).isNull();
        assertThat(r.ready()).isFalse();
    }
}
