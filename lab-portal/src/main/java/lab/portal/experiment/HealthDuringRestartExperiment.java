package lab.portal.experiment;

import lab.bench.ServiceProcess;
import lab.portal.runtime.LabService;
import lab.portal.runtime.ServiceRuntime;

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

/**
 * Experiment 4, health-check behaviour: restart ml-api while polling /health and /ready every
 * {@code pollMs} and sending a trickle of /analyze requests, until it is ready again. Series
 * {@code ml.health}, {@code ml.ready}, {@code ml.analyze} ([t, status]); figures
 * {@code ml.live_not_ready_s} (time with /health 200 and /ready 503), {@code ml.refused_503} (requests
 * answered 503 in that time), {@code ml.refused_without_retry_after}, {@code ml.requests_hung_or_500}.
 */
public final class HealthDuringRestartExperiment {
    private static final String TEXT = "{\"text\":\"Is my refund on its way?\"}";

    private final Duration timeout;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    public HealthDuringRestartExperiment(Duration timeout) {
        this.timeout = timeout;
    }

    public Evidence run(ServiceRuntime runtime, long pollMs, double trickleRate, ExperimentProgress progress) throws ExperimentFailure {
        progress.report("starting ml-api", 0);
        int port = ReadyService.start(runtime, LabService.ML, timeout);
        List<double[]> health = new CopyOnWriteArrayList<>();
        List<double[]> ready = new CopyOnWriteArrayList<>();
        List<double[]> analyze = new CopyOnWriteArrayList<>();
        List<CompletableFuture<?>> pending = new CopyOnWriteArrayList<>();
        long[] noRetryAfter = {0};
        long t0 = System.nanoTime();
        long nextRequest = t0;
        long periodNanos = (long) (1e9 / trickleRate);
        boolean restarted = false;
        boolean sawNotReady = false;
        long deadline = t0 + timeout.toNanos();
        progress.report("polling ml-api before the restart", 0.05);
        while (System.nanoTime() < deadline) {
            double t = seconds(t0);
            int healthStatus = ServiceProcess.status(port, "/health");
            int readyStatus = ServiceProcess.status(port, "/ready");
            health.add(new double[]{t, healthStatus});
            ready.add(new double[]{t, readyStatus});
            progress.point("ml.health", t, healthStatus);
            progress.point("ml.ready", t, readyStatus);
            while (System.nanoTime() >= nextRequest) {
                pending.add(send(port, t0, analyze, noRetryAfter));
                nextRequest += periodNanos;
            }
            if (!restarted && t >= 1.0) {
                progress.report("restarting ml-api", 0.2);
                restart(runtime);
                restarted = true;
            } else if (restarted && readyStatus != 200) {
                sawNotReady = true;
            } else if (restarted && sawNotReady && readyStatus == 200 && t > 2.0) {
                break; // ready again after the restart
            }
            sleep(pollMs);
        }
        if (!sawNotReady || ready.get(ready.size() - 1)[1] != 200) {
            throw new ExperimentFailure("ml-api did not come back ready within " + timeout.toSeconds() + " s of the restart");
        }
        progress.report("waiting for the last requests", 0.9);
        CompletableFuture.allOf(pending.toArray(new CompletableFuture[0])).join();
        return evidence(health, ready, analyze, noRetryAfter[0]);
    }

    private static void restart(ServiceRuntime runtime) throws ExperimentFailure {
        try {
            runtime.restart(LabService.ML);
        } catch (ServiceRuntime.RuntimeFailure e) {
            throw new ExperimentFailure("ml-api could not be restarted: " + e.getMessage(), e);
        }
    }

    /** One /analyze; its status is recorded at its send time (-1: no connection, 0: hung past 5 s). */
    private CompletableFuture<?> send(int port, long t0, List<double[]> analyze, long[] noRetryAfter) {
        double sentAt = seconds(t0);
        HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/analyze"))
                .timeout(Duration.ofSeconds(5)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(TEXT)).build();
        return http.sendAsync(req, HttpResponse.BodyHandlers.discarding()).handle((r, e) -> {
            if (r != null) {
                analyze.add(new double[]{sentAt, r.statusCode()});
                if (r.statusCode() == 503 && r.headers().firstValue("Retry-After").isEmpty()) {
                    synchronized (noRetryAfter) {
                        noRetryAfter[0]++;
                    }
                }
            } else {
                Throwable cause = e.getCause() != null ? e.getCause() : e;
                analyze.add(new double[]{sentAt, cause instanceof HttpTimeoutException ? 0 : -1});
            }
            return null;
        });
    }

    static Evidence evidence(List<double[]> health, List<double[]> ready, List<double[]> analyze, long noRetryAfter) {
        double liveNotReady = 0;
        List<double[]> windows = new ArrayList<>();
        for (int i = 0; i + 1 < health.size(); i++) {
            if (health.get(i)[1] == 200 && ready.get(i)[1] == 503) {
                double dt = health.get(i + 1)[0] - health.get(i)[0];
                liveNotReady += dt;
                windows.add(new double[]{health.get(i)[0], health.get(i + 1)[0]});
            }
        }
        long refused = 0, hungOr500 = 0;
        for (double[] a : analyze) {
            if (a[1] == 503 && inside(windows, a[0])) refused++;
            if (a[1] == 0 || a[1] >= 500 && a[1] != 503) hungOr500++;
        }
        return Evidence.builder()
                .figure("ml.live_not_ready_s", liveNotReady)
                .figure("ml.refused_503", refused)
                .figure("ml.refused_without_retry_after", noRetryAfter)
                .figure("ml.requests_hung_or_500", hungOr500)
                .figure("ml.requests_total", analyze.size())
                .series("ml.health", health).series("ml.ready", ready).series("ml.analyze", analyze)
                .build();
    }

    private static boolean inside(List<double[]> windows, double t) {
        for (double[] w : windows) {
            if (t >= w[0] - 0.25 && t <= w[1] + 0.25) return true;
        }
        return false;
    }

    private static double seconds(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }

    private static void sleep(long ms) throws ExperimentFailure {
        ReadyService.pause(ms);
    }
}
