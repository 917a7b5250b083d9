package lab.portal.experiment;

import lab.bench.ServiceProcess;
import lab.portal.runtime.LabService;
import lab.portal.runtime.Replica;
import lab.portal.runtime.ServiceRuntime;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Experiment 1, start-up time: both services stopped, then each started cold {@code repetitions}
 * times while its port is polled every 10 ms, recording the timeline start request → started (process
 * spawned or container running) → port open → /health 200 → /ready 200. Figures per service:
 * {@code <svc>.started_s|port_open_s|live_s|ready_s.median}, and the
 * smallest live-to-ready gap, {@code <svc>.live_to_ready_gap_s.min}. ({@code <svc>} is
 * {@code traditional} or {@code ml}.)
 */
public final class StartupExperiment {
    private static final long POLL_MS = 10;

    private final Duration timeout;

    public StartupExperiment(Duration timeout) {
        this.timeout = timeout;
    }

    public Evidence run(ServiceRuntime runtime, int repetitions, ExperimentProgress progress) throws ExperimentFailure {
        Evidence.Builder evidence = Evidence.builder();
        runtime.stop(LabService.TRADITIONAL);
        runtime.stop(LabService.ML);
        int done = 0;
        int total = repetitions * LabService.values().length;
        for (LabService service : LabService.values()) {
            List<double[]> timelines = new ArrayList<>();
            for (int rep = 1; rep <= repetitions; rep++) {
                progress.report("starting " + service.id() + " (" + rep + " of " + repetitions + ")", (double) done / total);
                double[] timeline = measureOneStart(runtime, service);
                timelines.add(timeline);
                progress.point(key(service) + ".timeline", timeline);
                runtime.stop(service);
                done++;
            }
            summarise(evidence, key(service), timelines);
        }
        progress.report("done", 1);
        return evidence.build();
    }

    /**
     * One cold start: seconds from the start request to started (the runtime has spawned the process,
     * or created and started the container: its own phase), port open, live and ready.
     */
    private double[] measureOneStart(ServiceRuntime runtime, LabService service) throws ExperimentFailure {
        Instant requested = Instant.now();
        long t0 = System.nanoTime();
        List<Replica> replicas;
        try {
            replicas = runtime.start(service);
        } catch (ServiceRuntime.RuntimeFailure e) {
            throw new ExperimentFailure(service.id() + " could not be started: " + e.getMessage(), e);
        }
        int port = replicas.get(0).port();
        double started = Math.max(0, Duration.between(requested, replicas.get(0).startedAt()).toNanos() / 1e9);
        double portOpen = Double.NaN, live = Double.NaN;
        long deadline = t0 + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            double t = (System.nanoTime() - t0) / 1e9;
            List<Replica> now = runtime.replicas(service);
            if (!now.isEmpty() && now.get(0).exitCode() != null) {
                throw new ExperimentFailure(service.id() + " exited with code " + now.get(0).exitCode() + " while starting");
            }
            if (Double.isNaN(portOpen) && portOpen(port)) portOpen = t;
            if (!Double.isNaN(portOpen)) {
                if (Double.isNaN(live) && ServiceProcess.status(port, "/health") == 200) live = t;
                if (!Double.isNaN(live) && ServiceProcess.status(port, "/ready") == 200) {
                    return new double[]{started, portOpen, live, (System.nanoTime() - t0) / 1e9};
                }
            }
            sleep();
        }
        throw new ExperimentFailure(service.id() + " was not ready within " + timeout.toSeconds() + " s");
    }

    private static void summarise(Evidence.Builder evidence, String key, List<double[]> timelines) {
        evidence.series(key + ".timeline", timelines);
        evidence.figure(key + ".started_s.median", median(timelines, 0));
        evidence.figure(key + ".port_open_s.median", median(timelines, 1));
        evidence.figure(key + ".live_s.median", median(timelines, 2));
        evidence.figure(key + ".ready_s.median", median(timelines, 3));
        evidence.figure(key + ".live_to_ready_gap_s.min", timelines.stream().mapToDouble(t -> t[3] - t[2]).min().orElse(Double.NaN));
    }

    /** The key figures use: {@code traditional} or {@code ml}. */
    public static String key(LabService service) {
        return service == LabService.ML ? "ml" : "traditional";
    }

    static double median(List<double[]> rows, int column) {
        List<Double> values = new ArrayList<>();
        for (double[] r : rows) values.add(r[column]);
        Collections.sort(values);
        int n = values.size();
        return n % 2 == 1 ? values.get(n / 2) : (values.get(n / 2 - 1) + values.get(n / 2)) / 2;
    }

    private static boolean portOpen(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static void sleep() throws ExperimentFailure {
        ReadyService.pause(POLL_MS);
    }
}
