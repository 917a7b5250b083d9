package lab.portal.kubernetes;

import lab.portal.experiment.Measures;

import java.util.List;
import java.util.Locale;

/**
 * The Kubernetes settings one service should get, derived from what the learner measured: a startup budget
 * three times the slowest start seen (so a slower node or a busier hour is not taken for a dead process),
 * a memory request at what it held plus a fifth, a limit at one and a half times it. Each setting says
 * which figure it came from.
 *
 * @param readyS    the slowest start to ready measured (Experiment 1), seconds
 * @param rssMb     the steady resident memory measured (Experiment 3), MB
 * @param sources   the runs those two came from: run, runtime and ml-api model
 */
public record ProbeAdvice(String service, double readyS, double rssMb, int startupPeriodS, int startupFailureThreshold, int memoryRequestMi,
                          int memoryLimitMi, List<Setting> settings, NaiveProbe naive, List<Measures.Sourced> sources) {

    /** One setting, its value and why. */
    public record Setting(String name, String value, String because) {
    }

    /**
     * The liveness probe people copy: on /ready, 10 s initial delay, every 10 s, 3 failures. The kubelet
     * kills the container at the third failure — {@code killedAtS} — and the measured start either beat it
     * or did not.
     */
    public record NaiveProbe(int initialDelayS, int periodS, int failureThreshold, int killedAtS, boolean wouldKill, String verdict) {
    }

    static final int STARTUP_PERIOD_S = 5;
    static final int MIN_STARTUP_FAILURES = 6;

    static ProbeAdvice of(String service, Measures.Sourced ready, Measures.Sourced rss) {
        ProbeAdvice a = of(service, ready.value(), rss.value());
        return new ProbeAdvice(a.service, a.readyS, a.rssMb, a.startupPeriodS, a.startupFailureThreshold, a.memoryRequestMi, a.memoryLimitMi,
                a.settings, a.naive, List.of(ready, rss));
    }

    static ProbeAdvice of(String service, double readyS, double rssMb) {
        int failures = Math.max(MIN_STARTUP_FAILURES, (int) Math.ceil(3 * readyS / STARTUP_PERIOD_S));
        int request = roundUp(rssMb * 1.2, 16);
        int limit = Math.max(request, roundUp(rssMb * 1.5, 64));
        NaiveProbe naive = naive(service, readyS);
        List<Setting> settings = List.of(
                new Setting("startupProbe", "httpGet /v2/health/ready every " + STARTUP_PERIOD_S + " s, failureThreshold " + failures,
                        "a budget of " + failures * STARTUP_PERIOD_S + " s: three times the slowest start to ready you measured (" + fmt(readyS) + " s)"),
                new Setting("readinessProbe", "httpGet /v2/health/ready every 5 s, failureThreshold 1",
                        "out of the Service at once when it stops being ready (draining, broken)"),
                new Setting("livenessProbe", "httpGet /v2/health/live every 10 s, failureThreshold 3",
                        "liveness never waits on the model: it answered while the model loaded in your Experiment 1"),
                new Setting("resources.requests.memory", request + "Mi", "the " + fmt(rssMb) + " MB it held in your Experiment 3, plus a fifth"),
                new Setting("resources.limits.memory", limit + "Mi", "one and a half times what it held: below that, the kernel kills it under load"),
                new Setting("terminationGracePeriodSeconds", "20", "SHUTDOWN_GRACE_S (10 s) of draining after the preStop pause (5 s), and a margin"));
        return new ProbeAdvice(service, readyS, rssMb, STARTUP_PERIOD_S, failures, request, limit, settings, naive, List.of());
    }

    private static NaiveProbe naive(String service, double readyS) {
        int delay = 10;
        int period = 10;
        int failures = 3;
        int killedAt = delay + period * (failures - 1);
        boolean kills = readyS >= killedAt;
        String verdict = kills
                ? String.format(Locale.ROOT, "%s needed %s s to be ready: a livenessProbe on /ready with a %d s delay, every %d s, "
                + "%d failures, kills it at %d s, before it was ever ready — and again after every restart (CrashLoopBackOff).",
                service, fmt(readyS), delay, period, failures, killedAt)
                : String.format(Locale.ROOT, "%s needed %s s to be ready: a livenessProbe on /ready with a %d s delay, every %d s, "
                + "%d failures, kills at %d s, so yours would survive — but a model that loads in 30–45 s, as the original lab states for "
                + "DistilBERT, or any download of the model, would be killed before it was ever ready, over and over.",
                service, fmt(readyS), delay, period, failures, killedAt);
        return new NaiveProbe(delay, period, failures, killedAt, kills, verdict);
    }

    private static int roundUp(double v, int step) {
        return (int) (Math.ceil(v / step) * step);
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, v >= 10 ? "%.0f" : "%.1f", v);
    }
}
