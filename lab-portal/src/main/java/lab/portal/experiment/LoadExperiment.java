package lab.portal.experiment;

import lab.bench.ServiceProcess;
import lab.bench.load.ConstantRateLoad;
import lab.bench.load.LoadProfile;
import lab.bench.load.LoadResult;
import lab.portal.runtime.LabService;
import lab.portal.runtime.ServiceRuntime;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Experiment 3, load testing: the same open-model (constant arrival rate) profile against both
 * services, then rising rates against ml-api until it saturates (p99 above {@code p99LimitMs} or more
 * than 1 % errors). Figures per service: {@code .p50_ms}, {@code .p99_ms}, {@code .achieved_rps},
 * {@code .errors}; {@code ml.saturation_rps} (the first rate that blew up; NaN when none did) and
 * {@code ml.max_sustained_rps}; series {@code ml.steps} ([rate, p99, error %]) and per-second samples.
 * When nginx answers in front, the same profile also runs through it: {@code <svc>.via_nginx.*}.
 */
public final class LoadExperiment {
    private static final String TEXT = "{\"text\":\"The parcel arrived late but the support team was really helpful\"}";

    private final Duration timeout;
    private final URI front;

    public LoadExperiment(Duration timeout) {
        this(timeout, null);
    }

    /**
     * @param front nginx in front of the services (its /traditional/ and /ml/ routes), or null; the same
     *              profile also runs through it when it answers, to show what the proxy hop costs
     */
    public LoadExperiment(Duration timeout, URI front) {
        this.timeout = timeout;
        this.front = front;
    }

    public Evidence run(ServiceRuntime runtime, double rate, Duration duration, List<Double> saturationRates, Duration stepDuration,
                        double p99LimitMs, ExperimentProgress progress) throws ExperimentFailure {
        Evidence.Builder e = Evidence.builder();
        ConstantRateLoad load = new ConstantRateLoad();
        for (LabService s : LabService.values()) {
            progress.report(rate + " req/s for " + duration.toSeconds() + " s against " + s.id(), s.ordinal() * 0.25);
            measure(load, target(runtime, s), StartupExperiment.key(s), rate, duration, e, progress);
        }
        if (front != null && ServiceProcess.status(front.getPort(), "/") == 200) {
            for (LabService s : LabService.values()) {
                progress.report(rate + " req/s for " + duration.toSeconds() + " s against " + s.id() + " through nginx", 0.4);
                URI route = front.resolve("/" + StartupExperiment.key(s) + "/analyze");
                measure(load, route, StartupExperiment.key(s) + ".via_nginx", rate, duration, e, progress);
            }
        }
        URI ml = target(runtime, LabService.ML);
        List<double[]> steps = new ArrayList<>();
        double saturation = Double.NaN;
        double sustained = 0;
        for (int i = 0; i < saturationRates.size(); i++) {
            double stepRate = saturationRates.get(i);
            progress.report("ml-api at " + stepRate + " req/s", 0.5 + 0.5 * i / saturationRates.size());
            LoadResult r = load.run(LoadProfile.post(ml, TEXT, stepRate, stepDuration));
            double errorPct = 100.0 * r.errorCount() / Math.max(1, r.sent());
            double p99 = r.percentileMs(99);
            steps.add(new double[]{stepRate, p99, errorPct});
            progress.point("ml.steps", stepRate, p99, errorPct);
            if (Double.isNaN(p99) || p99 > p99LimitMs || errorPct > 1) {
                saturation = stepRate;
                break;
            }
            sustained = stepRate;
        }
        progress.report("done", 1);
        return e.figure("ml.saturation_rps", saturation).figure("ml.max_sustained_rps", sustained)
                .figure("ml.p99_limit_ms", p99LimitMs).series("ml.steps", steps).build();
    }

    /** One constant-rate run against {@code target}, streamed per second and recorded under {@code key}. */
    private static void measure(ConstantRateLoad load, URI target, String key, double rate, Duration duration, Evidence.Builder e,
                                ExperimentProgress progress) {
        LoadResult r = load.run(LoadProfile.post(target, TEXT, rate, duration), second -> progress.point(key + ".per_second", row(second)));
        e.figure(key + ".p50_ms", r.percentileMs(50)).figure(key + ".p99_ms", r.percentileMs(99))
                .figure(key + ".achieved_rps", r.achievedRate()).figure(key + ".errors", r.errorCount())
                .series(key + ".per_second", perSecond(r));
    }

    private URI target(ServiceRuntime runtime, LabService service) throws ExperimentFailure {
        return URI.create("http://127.0.0.1:" + ReadyService.start(runtime, service, timeout) + "/analyze");
    }

    private static List<double[]> perSecond(LoadResult r) {
        List<double[]> out = new ArrayList<>();
        for (LoadResult.SecondSample s : r.perSecond()) out.add(row(s));
        return out;
    }

    /** One second of load as a chart row: [second, completed, errors, p50 ms, p99 ms]. */
    static double[] row(LoadResult.SecondSample s) {
        return new double[]{s.second(), s.completed(), s.errors(), s.p50Ms(), s.p99Ms()};
    }
}
