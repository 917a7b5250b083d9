package lab.portal.experiment;

import lab.portal.evidence.Evidence;
import lab.portal.evidence.EvidenceSchema;
import lab.portal.evidence.Figure;
import lab.portal.evidence.SeriesSpec;
import lab.portal.evidence.Unit;
import lab.portal.runtime.LabService;
import lab.portal.runtime.ServiceClient;
import lab.process.load.LoadProfile;
import lab.process.load.LoadResult;

import java.net.URI;
import java.time.Duration;

import static lab.portal.evidence.SeriesSpec.column;

/**
 * Experiment 4, load testing: the same open-model (constant arrival rate) profile against both services,
 * then ml-api at a rate doubled each step from {@code saturation_start} until it saturates (p99 above
 * {@code p99_limit_ms} or more than 1 % errors) or the rate passes {@code saturation_max}. When nginx
 * answers at {@code nginx_url} the profile also runs through it; when it does not, the run says so.
 */
final class LoadExperiment implements Experiment<LoadExperiment.Params> {
    static final String TEXT = "{\"text\":\"The parcel arrived late but the support team was really helpful\"}";

    /**
     * @param saturationStart the first rate of the saturation search (req/s); each next step doubles it
     * @param saturationMax   the highest rate the search tries (req/s)
     */
    record Params(double rate, double seconds, double saturationStart, double saturationMax, double stepSeconds, double p99LimitMs,
                  String nginxUrl, Integer batchSize, Integer memoryLimitMb) implements MlTuning {
        Duration duration() {
            return Duration.ofMillis(Math.round(seconds * 1000));
        }

        Duration step() {
            return Duration.ofMillis(Math.round(stepSeconds * 1000));
        }
    }

    /** The columns of a second of load, as every load series has them. */
    static final SeriesSpec.Column[] PER_SECOND = {column("second", Unit.SECONDS, "second of the run"),
            column("completed", Unit.REQUESTS_PER_SECOND, "answered"), column("errors", Unit.REQUESTS_PER_SECOND, "errors"),
            column("p50_ms", Unit.MILLISECONDS, "p50"), column("p99_ms", Unit.MILLISECONDS, "p99")};
    static final SeriesSpec.Family PER_SECOND_SERIES = SeriesSpec.family("per_second", "each second of the load", PER_SECOND);

    static final Figure.PerService P50 = Figure.perService("p50_ms", Unit.MILLISECONDS, "median latency at the same rate");
    static final Figure.PerService P99 = Figure.perService("p99_ms", Unit.MILLISECONDS, "p99 latency at the same rate");
    static final Figure.PerService ACHIEVED = Figure.perService("achieved_rps", Unit.REQUESTS_PER_SECOND, "rate answered");
    static final Figure.PerService ERRORS = Figure.perService("errors", Unit.REQUESTS, "errors");
    static final Figure SATURATION = new Figure("ml.saturation_rps", Unit.REQUESTS_PER_SECOND, "ml-api: the rate where p99 or errors blew up");
    static final Figure SATURATED = new Figure("ml.saturated", Unit.COUNT, "ml-api: saturated within the rates tried (1 yes, 0 no)");
    static final Figure MAX_SUSTAINED = new Figure("ml.max_sustained_rps", Unit.REQUESTS_PER_SECOND, "ml-api: the highest rate it sustained");
    static final Figure HIGHEST_TRIED = new Figure("ml.highest_rate_rps", Unit.REQUESTS_PER_SECOND, "ml-api: the highest rate tried");
    static final Figure P99_LIMIT = new Figure("ml.p99_limit_ms", Unit.MILLISECONDS, "ml-api: the p99 that counts as saturated");
    static final SeriesSpec STEPS = SeriesSpec.of("ml.steps", "ml-api at rising rates", column("rate", Unit.REQUESTS_PER_SECOND, "offered rate"),
            column("p99_ms", Unit.MILLISECONDS, "p99"), column("error_pct", Unit.PERCENT, "errors"));
    private static final String[] LEGS = {"", ".via_nginx"};

    @Override
    public String id() {
        return "load";
    }

    @Override
    public Class<Params> parameters() {
        return Params.class;
    }

    @Override
    public StartingState startingState() {
        return StartingState.of(StartingState.Need.ONE_WITH_RUN_SETTINGS, StartingState.Need.ONE_WITH_RUN_SETTINGS);
    }

    @Override
    public EvidenceSchema schema() {
        EvidenceSchema.Builder s = EvidenceSchema.builder();
        for (LabService service : LabService.values()) {
            for (String leg : LEGS) {
                String key = service.key() + leg;
                for (Figure.PerService f : new Figure.PerService[]{P50, P99, ACHIEVED, ERRORS}) s.figure(f.of(key, label(service, leg)));
                s.series(PER_SECOND_SERIES.of(key, label(service, leg)));
            }
        }
        return s.figure(SATURATION).figure(SATURATED).figure(MAX_SUSTAINED).figure(HIGHEST_TRIED).figure(P99_LIMIT).series(STEPS).build();
    }

    private static String label(LabService service, String leg) {
        return service.id() + (leg.isEmpty() ? "" : " via nginx");
    }

    @Override
    public Evidence run(ExperimentContext context, Params p) throws ExperimentFailure {
        Evidence.Builder e = Evidence.builder();
        int mlPort = 0;
        for (LabService s : LabService.values()) {
            int port = context.readyPort(s);
            if (s == LabService.ML) mlPort = port;
            context.progress(p.rate() + " req/s for " + p.duration().toSeconds() + " s against " + s.id(), s.ordinal() * 0.25);
            measure(context, URI.create("http://127.0.0.1:" + port + "/analyze"), s, "", p, e);
        }
        viaNginx(context, p, e);
        URI ml = URI.create("http://127.0.0.1:" + mlPort + "/analyze");
        ExperimentContext.LiveSeries steps = context.series(STEPS);
        double saturation = Double.NaN;
        double sustained = 0;
        double tried = 0;
        int total = (int) Math.max(1, Math.floor(Math.log(p.saturationMax() / p.saturationStart()) / Math.log(2)) + 1);
        int i = 0;
        for (double stepRate = p.saturationStart(); stepRate <= p.saturationMax(); stepRate *= 2, i++) {
            context.progress("ml-api at " + stepRate + " req/s", 0.5 + 0.5 * i / total);
            LoadResult r = context.load(LoadProfile.post(ml, TEXT, stepRate, p.step()));
            double errorPct = 100.0 * r.errorCount() / Math.max(1, r.sent());
            double p99 = r.percentileMs(99);
            steps.add(stepRate, p99, errorPct);
            tried = stepRate;
            if (Double.isNaN(p99) || p99 > p.p99LimitMs() || errorPct > 1) {
                saturation = stepRate;
                break;
            }
            sustained = stepRate;
        }
        context.progress("done", 1);
        return e.figure(SATURATION, saturation).figure(SATURATED, Double.isNaN(saturation) ? 0.0 : 1.0).figure(MAX_SUSTAINED, sustained)
                .figure(HIGHEST_TRIED, tried).figure(P99_LIMIT, p.p99LimitMs()).series(STEPS, steps.series()).build();
    }

    /** The same profile through nginx when it answers; a note saying why not when it does not. */
    private static void viaNginx(ExperimentContext context, Params p, Evidence.Builder e) throws ExperimentFailure {
        if (p.nginxUrl() == null || p.nginxUrl().isBlank()) {
            e.note("The nginx leg is off: content/lab.yaml gives this experiment no nginx_url.");
            return;
        }
        URI front = URI.create(p.nginxUrl());
        if (ServiceClient.status(front.getPort(), "/") != 200) {
            e.note("The nginx leg was skipped: nothing answered at " + front + " (start nginx with nginx.conf to see what the proxy hop costs).");
            return;
        }
        for (LabService s : LabService.values()) {
            context.progress(p.rate() + " req/s for " + p.duration().toSeconds() + " s against " + s.id() + " through nginx", 0.4);
            measure(context, front.resolve("/" + s.key() + "/analyze"), s, ".via_nginx", p, e);
        }
    }

    /** One constant-rate run against {@code target}, streamed per second and recorded under the service's key and the leg. */
    private static void measure(ExperimentContext context, URI target, LabService service, String leg, Params p, Evidence.Builder e)
            throws ExperimentCancelled {
        String key = service.key() + leg;
        ExperimentContext.LiveSeries perSecond = context.series(PER_SECOND_SERIES.of(key, label(service, leg)));
        LoadResult r = context.load(LoadProfile.post(target, TEXT, p.rate(), p.duration()), second -> add(perSecond, second));
        String words = label(service, leg);
        e.figure(P50.of(key, words), r.percentileMs(50)).figure(P99.of(key, words), r.percentileMs(99))
                .figure(ACHIEVED.of(key, words), r.achievedRate()).figure(ERRORS.of(key, words), (double) r.errorCount())
                .series(perSecond.spec(), perSecond.series());
    }

    /** One second of load as a row of {@link #PER_SECOND}. */
    static void add(ExperimentContext.LiveSeries series, LoadResult.SecondSample s) {
        series.add(s.second(), s.completed(), s.errors(), s.p50Ms(), s.p99Ms());
    }
}
