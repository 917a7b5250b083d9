package lab.portal.experiment;

import lab.portal.activity.Wait;
import lab.portal.evidence.Evidence;
import lab.portal.evidence.EvidenceSchema;
import lab.portal.evidence.Figure;
import lab.portal.evidence.Series;
import lab.portal.evidence.SeriesSpec;
import lab.portal.evidence.Unit;
import lab.portal.runtime.LabService;
import lab.portal.runtime.ServiceClient;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

import static lab.portal.evidence.SeriesSpec.column;

/**
 * Experiment 2, health-check behaviour: restart ml-api while probing /health and /ready every
 * {@code poll_ms} and sending a trickle of /analyze requests ({@code trickle_rate} per second), until
 * it is ready again. Series {@code ml.probes} ({@code t_s, health, ready}) and {@code ml.analyze}
 * ({@code t_s, status}: -1 no connection, 0 hung past 5 s).
 */
final class HealthDuringRestartExperiment implements Experiment<HealthDuringRestartExperiment.Params> {
    private static final String TEXT = "{\"text\":\"Is my refund on its way?\"}";
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /** @param pollMs how often both probes are asked; @param trickleRate requests per second sent meanwhile */
    record Params(long pollMs, double trickleRate) {
    }

    static final Figure LIVE_NOT_READY = new Figure("ml.live_not_ready_s", Unit.SECONDS, "ml-api: time live (/health 200) but not ready (/ready 503)");
    static final Figure REFUSED = new Figure("ml.refused_503", Unit.REQUESTS, "ml-api: requests refused with 503 while live but not ready");
    static final Figure ANSWERED_503 = new Figure("ml.answered_503", Unit.REQUESTS, "ml-api: requests answered 503 at any time");
    static final Figure WITHOUT_RETRY_AFTER = new Figure("ml.refused_without_retry_after", Unit.REQUESTS, "ml-api: 503 answers without Retry-After");
    static final Figure HUNG_OR_500 = new Figure("ml.requests_hung_or_500", Unit.REQUESTS, "ml-api: requests that hung past 5 s or got a 5xx other than 503");
    static final Figure TOTAL = new Figure("ml.requests_total", Unit.REQUESTS, "ml-api: requests sent during the restart");
    static final SeriesSpec PROBES = SeriesSpec.of("ml.probes", "ml-api's probes during the restart", column("t_s", Unit.SECONDS, "time"),
            column("health", Unit.HTTP_STATUS, "/health"), column("ready", Unit.HTTP_STATUS, "/ready"));
    static final SeriesSpec ANALYZE = SeriesSpec.of("ml.analyze", "requests sent during the restart", column("t_s", Unit.SECONDS, "sent at"),
            column("status", Unit.HTTP_STATUS, "answer (-1: no connection, 0: hung)"));

    @Override
    public String id() {
        return "health";
    }

    @Override
    public Class<Params> parameters() {
        return Params.class;
    }

    @Override
    public StartingState startingState() {
        return StartingState.of(StartingState.Need.AS_FOUND, StartingState.Need.ONE_WITH_RUN_SETTINGS);
    }

    @Override
    public EvidenceSchema schema() {
        return EvidenceSchema.builder().figure(LIVE_NOT_READY).figure(REFUSED).figure(ANSWERED_503).figure(WITHOUT_RETRY_AFTER).figure(HUNG_OR_500)
                .figure(TOTAL).series(PROBES).series(ANALYZE).build();
    }

    @Override
    public Evidence run(ExperimentContext context, Params p) throws ExperimentFailure {
        context.progress("starting ml-api", 0);
        int port = context.readyPort(LabService.ML);
        Observation o = new Observation(context, port, (long) (1e9 / p.trickleRate()));
        context.progress("probing ml-api before the restart", 0.05);
        context.await(Wait.until("ml-api ready again after the restart", o::step).every(Duration.ofMillis(p.pollMs())));
        context.progress("waiting for the last requests", 0.9);
        CompletableFuture.allOf(o.pending.toArray(new CompletableFuture[0])).join();
        context.progress("done", 1);
        return evidence(o.probes.series(), o.analyze.series(), o.noRetryAfter.get());
    }

    /** One probe round per step: /health, /ready, the trickle, the restart after a second; done once ready again. */
    private final class Observation {
        final ExperimentContext context;
        final int port;
        final long periodNanos;
        final long t0 = System.nanoTime();
        final ExperimentContext.LiveSeries probes;
        final ExperimentContext.LiveSeries analyze;
        final List<CompletableFuture<?>> pending = new CopyOnWriteArrayList<>();
        final AtomicLong noRetryAfter = new AtomicLong();
        long nextRequest = t0;
        boolean restarted;
        boolean sawNotReady;

        Observation(ExperimentContext context, int port, long periodNanos) {
            this.context = context;
            this.port = port;
            this.periodNanos = periodNanos;
            this.probes = context.series(PROBES);
            this.analyze = context.series(ANALYZE);
        }

        boolean step() {
            double t = (System.nanoTime() - t0) / 1e9;
            int ready = ServiceClient.status(port, "/ready");
            probes.add(t, ServiceClient.status(port, "/health"), ready);
            while (System.nanoTime() >= nextRequest) {
                pending.add(send());
                nextRequest += periodNanos;
            }
            if (!restarted && t >= 1.0) {
                context.progress("restarting ml-api", 0.2);
                try {
                    context.restart(LabService.ML);
                } catch (ExperimentFailure e) {
                    throw new Wait.Hopeless(e.getMessage());
                }
                restarted = true;
            } else if (restarted && ready != 200) {
                sawNotReady = true;
            }
            return restarted && sawNotReady && ready == 200 && t > 2.0;
        }

        /** One /analyze; its status is recorded at its send time. */
        CompletableFuture<?> send() {
            double sentAt = (System.nanoTime() - t0) / 1e9;
            HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/analyze"))
                    .timeout(Duration.ofSeconds(5)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(TEXT)).build();
            return http.sendAsync(req, HttpResponse.BodyHandlers.discarding()).handle((r, e) -> {
                if (r != null) {
                    analyze.add(sentAt, r.statusCode());
                    if (r.statusCode() == 503 && r.headers().firstValue("Retry-After").isEmpty()) noRetryAfter.incrementAndGet();
                } else {
                    Throwable cause = e.getCause() != null ? e.getCause() : e;
                    analyze.add(sentAt, cause instanceof HttpTimeoutException ? 0 : -1);
                }
                return null;
            });
        }
    }

    static Evidence evidence(Series probes, Series analyze, long noRetryAfter) {
        List<Double> t = probes.column("t_s"), health = probes.column("health"), ready = probes.column("ready");
        double liveNotReady = 0;
        List<double[]> windows = new ArrayList<>();
        for (int i = 0; i + 1 < t.size(); i++) {
            if (health.get(i) == 200 && ready.get(i) == 503) {
                liveNotReady += t.get(i + 1) - t.get(i);
                windows.add(new double[]{t.get(i), t.get(i + 1)});
            }
        }
        long refused = 0, answered503 = 0, hungOr500 = 0;
        List<Double> sentAt = analyze.column("t_s"), status = analyze.column("status");
        for (int i = 0; i < sentAt.size(); i++) {
            double s = status.get(i);
            if (s == 503) answered503++;
            if (s == 503 && inside(windows, sentAt.get(i))) refused++;
            if (s == 0 || s >= 500 && s != 503) hungOr500++;
        }
        return Evidence.builder()
                .figure(LIVE_NOT_READY, liveNotReady)
                .figure(REFUSED, (double) refused)
                .figure(ANSWERED_503, (double) answered503)
                .figure(WITHOUT_RETRY_AFTER, (double) noRetryAfter)
                .figure(HUNG_OR_500, (double) hungOr500)
                .figure(TOTAL, (double) sentAt.size())
                .series(PROBES, probes).series(ANALYZE, analyze)
                .build();
    }

    private static boolean inside(List<double[]> windows, double t) {
        for (double[] w : windows) {
            if (t >= w[0] - 0.25 && t <= w[1] + 0.25) return true;
        }
        return false;
    }
}
