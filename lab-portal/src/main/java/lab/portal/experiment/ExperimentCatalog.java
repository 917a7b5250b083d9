package lab.portal.experiment;

import lab.portal.runtime.LabService;
import lab.portal.runtime.ServiceRuntime;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which code measures which experiment of content/lab.yaml, and how its parameters are read. The
 * content decides what runs with which parameters; this is the only place that maps an id to code.
 */
public final class ExperimentCatalog {

    @FunctionalInterface
    private interface Procedure {
        Evidence run(ServiceRuntime runtime, Parameters p, ExperimentProgress progress) throws ExperimentFailure;
    }

    private final Map<String, Procedure> procedures;

    public ExperimentCatalog(Duration readyTimeout) {
        procedures = Map.of(
                "startup", (rt, p, progress) -> new StartupExperiment(readyTimeout).run(rt, p.integer("repetitions", 3), progress),
                "resources", (rt, p, progress) -> new ResourceExperiment(readyTimeout).run(rt, p.seconds("idle_seconds", 10),
                        p.seconds("load_seconds", 20), p.number("load_rate", 5), progress),
                "load", (rt, p, progress) -> new LoadExperiment(readyTimeout, front(p)).run(rt, p.number("rate", 20), p.seconds("seconds", 10),
                        p.numbers("saturation_rates", List.of(20.0, 40.0, 80.0, 160.0)), p.seconds("step_seconds", 5),
                        p.number("p99_limit_ms", 1000), progress),
                "health", (rt, p, progress) -> new HealthDuringRestartExperiment(readyTimeout).run(rt, p.integer("poll_ms", 250),
                        p.number("trickle_rate", 4), progress),
                "scaling", (rt, p, progress) -> scaling(new ScalingExperiment(readyTimeout), rt, p, progress));
    }

    /** nginx's address from the parameters ({@code nginx_url}), or none when the content leaves it out. */
    private static URI front(Parameters p) {
        String url = p.text("nginx_url", "");
        return url.isBlank() ? null : URI.create(url);
    }

    public Set<String> known() {
        return procedures.keySet();
    }

    public Evidence run(String experimentId, Map<String, Object> parameters, ServiceRuntime runtime, ExperimentProgress progress)
            throws ExperimentFailure {
        Procedure procedure = procedures.get(experimentId);
        if (procedure == null) throw new ExperimentFailure("no code measures experiment '" + experimentId + "'");
        try {
            return procedure.run(runtime, new Parameters(parameters), progress);
        } catch (IllegalArgumentException e) {
            throw new ExperimentFailure("content/lab.yaml, experiment " + experimentId + ": " + e.getMessage(), e);
        }
    }

    /**
     * Experiment 5 is three runs: the service scaled out naively at the spike, then from a warm pool,
     * then (when {@code contrast_rate} is set) traditional-api scaled out naively at that rate.
     */
    private static Evidence scaling(ScalingExperiment x, ServiceRuntime rt, Parameters p, ExperimentProgress progress)
            throws ExperimentFailure {
        LabService service = p.text("service", "ml").equals("traditional") ? LabService.TRADITIONAL : LabService.ML;
        double factor = p.number("spike_factor", 3);
        Duration steady = p.seconds("steady_seconds", 10), spike = p.seconds("spike_seconds", 20);
        boolean contrast = p.values().containsKey("contrast_rate");
        double parts = contrast ? 3 : 2;
        Evidence naive = x.run(rt, service, p.number("rate", 20), factor, steady, spike, false, part(progress, 0, parts, "naive scale-out"));
        Evidence warm = x.run(rt, service, p.number("rate", 20), factor, steady, spike, true, part(progress, 1, parts, "warm pool"));
        Evidence all = naive.merge(warm);
        if (contrast) {
            all = all.merge(x.run(rt, LabService.TRADITIONAL, p.number("contrast_rate", 200), factor, steady, spike, false,
                    part(progress, 2, parts, "traditional-api for contrast")));
        }
        return all;
    }

    /** Progress of one part of a run made of {@code parts} parts, as a fraction of the whole. */
    static ExperimentProgress part(ExperimentProgress whole, int index, double parts, String label) {
        return new ExperimentProgress() {
            @Override
            public void report(String message, double fraction) {
                whole.report(label + ": " + message, (index + fraction) / parts);
            }

            @Override
            public void point(String series, double... row) {
                whole.point(series, row);
            }
        };
    }
}
