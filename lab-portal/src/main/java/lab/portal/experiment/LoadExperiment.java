package lab.portal.experiment;

import lab.portal.evidence.Evidence;
import lab.portal.runtime.LabService;
import lab.process.Probe;
import lab.process.load.LoadProfile;
import lab.process.load.LoadResult;

import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * Experiment 3, load testing: the same open-model (constant arrival rate) profile against both services,
 * then rising rates against ml-api until it saturates (p99 above {@code p99_limit_ms} or more than 1 %
 * errors). Figures per service: {@code .p50_ms}, {@code .p99_ms}, {@code .achieved_rps}, {@code .errors};
 * {@code ml.saturation_rps} (the first rate that blew up; not measured when none did) and
 * {@code ml.max_sustained_rps}. Series {@code <svc>.per_second} and {@code ml.steps}. When nginx answers
 * at {@code nginx_url} the profile also runs through it ({@code <svc>.via_nginx.*}); when it does not,
 * the run says so in a note.
 */
final class LoadExperiment implements Experiment {
    static final String TEXT = "{\"text\":\"The parcel arrived late but the support team was really helpful\"}";
    /** The columns of a second of load, as every load series has them. */
    static final String[] PER_SECOND = {"second", "completed", "errors", "p50_ms", "p99_ms"};

    @Override
    public String id() {
        return "load";
    }

    @Override
    public Evidence run(ExperimentContext context) throws ExperimentFailure {
        var p = context.parameters();
        double rate = p.number("rate");
        Duration duration = p.seconds("seconds");
        Evidence.Builder e = Evidence.builder();
        int[] ports = new int[LabService.values().length];
        for (LabService s : LabService.values()) {
            ports[s.ordinal()] = context.readyPort(s);
            context.progress(rate + " req/s for " + duration.toSeconds() + " s against " + s.id(), s.ordinal() * 0.25);
            measure(context, URI.create("http://127.0.0.1:" + ports[s.ordinal()] + "/analyze"), s.key(), rate, duration, e);
        }
        viaNginx(context, rate, duration, e);
        URI ml = URI.create("http://127.0.0.1:" + ports[LabService.ML.ordinal()] + "/analyze");
        List<Double> rates = p.numbers("saturation_rates");
        double p99Limit = p.number("p99_limit_ms");
        ExperimentContext.LiveSeries steps = context.series("ml.steps", "rate", "p99_ms", "error_pct");
        double saturation = Double.NaN;
        double sustained = 0;
        for (int i = 0; i < rates.size(); i++) {
            double stepRate = rates.get(i);
            context.progress("ml-api at " + stepRate + " req/s", 0.5 + 0.5 * i / rates.size());
            LoadResult r = context.load(LoadProfile.post(ml, TEXT, stepRate, p.seconds("step_seconds")));
            double errorPct = 100.0 * r.errorCount() / Math.max(1, r.sent());
            double p99 = r.percentileMs(99);
            steps.add(stepRate, p99, errorPct);
            if (Double.isNaN(p99) || p99 > p99Limit || errorPct > 1) {
                saturation = stepRate;
                break;
            }
            sustained = stepRate;
        }
        context.progress("done", 1);
        return e.figure("ml.saturation_rps", saturation).figure("ml.max_sustained_rps", sustained)
                .figure("ml.p99_limit_ms", p99Limit).series("ml.steps", steps.series()).build();
    }

    /** The same profile through nginx when it answers; a note saying why not when it does not. */
    private static void viaNginx(ExperimentContext context, double rate, Duration duration, Evidence.Builder e) throws ExperimentFailure {
        if (!context.parameters().has("nginx_url")) {
            e.note("The nginx leg is off: content/lab.yaml gives this experiment no nginx_url.");
            return;
        }
        URI front = URI.create(context.parameters().text("nginx_url"));
        if (Probe.status(front.getPort(), "/") != 200) {
            e.note("The nginx leg was skipped: nothing answered at " + front + " (start nginx with nginx.conf to see what the proxy hop costs).");
            return;
        }
        for (LabService s : LabService.values()) {
            context.progress(rate + " req/s for " + duration.toSeconds() + " s against " + s.id() + " through nginx", 0.4);
            measure(context, front.resolve("/" + s.key() + "/analyze"), s.key() + ".via_nginx", rate, duration, e);
        }
    }

    /** One constant-rate run against {@code target}, streamed per second and recorded under {@code key}. */
    private static void measure(ExperimentContext context, URI target, String key, double rate, Duration duration, Evidence.Builder e)
            throws ExperimentCancelled {
        ExperimentContext.LiveSeries perSecond = context.series(key + ".per_second", PER_SECOND);
        LoadResult r = context.load(LoadProfile.post(target, TEXT, rate, duration), second -> add(perSecond, second));
        e.figure(key + ".p50_ms", r.percentileMs(50)).figure(key + ".p99_ms", r.percentileMs(99))
                .figure(key + ".achieved_rps", r.achievedRate()).figure(key + ".errors", (double) r.errorCount())
                .series(key + ".per_second", perSecond.series());
    }

    /** One second of load as a row of {@link #PER_SECOND}. */
    static void add(ExperimentContext.LiveSeries series, LoadResult.SecondSample s) {
        series.add(s.second(), s.completed(), s.errors(), s.p50Ms(), s.p99Ms());
    }
}
