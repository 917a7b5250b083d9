package lab.process.load;

import org.HdrHistogram.Histogram;

import java.util.List;
import java.util.Map;

/** What a load run measured: rates, latency percentiles (ms, from the intended send time) and errors by kind. */
public record LoadResult(double targetRate, double achievedRate, long sent, long succeeded, Map<String, Long> errors,
                         Histogram latencyMicros, List<SecondSample> perSecond) {

    public double percentileMs(double p) {
        return latencyMicros.getTotalCount() == 0 ? Double.NaN : latencyMicros.getValueAtPercentile(p) / 1000.0;
    }

    /**
     * The p-th percentile of what callers waited: an answer's latency, or {@code givenUpMs} for every request
     * that failed or was given up at its deadline. Unlike {@link #percentileMs}, losing the slowest requests
     * cannot make a run look fast.
     */
    public double waitedPercentileMs(double p, double givenUpMs) {
        long answered = latencyMicros.getTotalCount();
        long failed = errorCount();
        long total = answered + failed;
        if (total == 0) return Double.NaN;
        long rank = Math.max(1, (long) Math.ceil(p / 100.0 * total)); // the rank-th smallest wait, 1-based
        long atOrBelow = answered == 0 ? 0 : latencyMicros.getCountBetweenValues(0, Math.round(givenUpMs * 1000));
        if (rank <= atOrBelow) return answeredAtRank(rank);
        if (rank <= atOrBelow + failed) return givenUpMs;
        return answeredAtRank(rank - failed);
    }

    private double answeredAtRank(long rank) {
        return latencyMicros.getValueAtPercentile(100.0 * rank / latencyMicros.getTotalCount()) / 1000.0;
    }

    public double maxMs() {
        return latencyMicros.getTotalCount() == 0 ? Double.NaN : latencyMicros.getMaxValue() / 1000.0;
    }

    /** Requests answered, but later than {@code ms} after they were due (to the histogram's precision, 0.1 %). */
    public long answeredLaterThan(double ms) {
        long later = latencyMicros.nextNonEquivalentValue(Math.round(ms * 1000)); // the first value not in the limit's bucket
        return latencyMicros.getTotalCount() == 0 || latencyMicros.getMaxValue() < later ? 0
                : latencyMicros.getCountBetweenValues(later, latencyMicros.getMaxValue());
    }

    public long errorCount() {
        return errors.values().stream().mapToLong(Long::longValue).sum();
    }

    public String summary() {
        return String.format("target %.0f req/s, achieved %.0f req/s; %d sent, %d ok, %d errors %s; latency ms p50 %.2f p90 %.2f p99 %.2f max %.2f",
                targetRate, achievedRate, sent, succeeded, errorCount(), errors, percentileMs(50), percentileMs(90),
                percentileMs(99), maxMs());
    }

    /** One second of the run, by intended send time: for live charts of throughput, p99 and errors. */
    public record SecondSample(int second, long completed, long errors, double p50Ms, double p99Ms) {
    }
}
