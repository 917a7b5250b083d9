package lab.bench;

import lab.process.load.ConstantRateLoad;
import lab.process.load.LoadProfile;
import lab.process.load.LoadResult;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

/**
 * {@code load}: a constant-arrival-rate run against a service that is already running. A run that nothing
 * answered exits 1 and says so: it measured nothing, and a guide block that ran it must not pass.
 */
final class LoadCommand {
    private LoadCommand() {
    }

    /** Runs the load; returns the exit code (0: something answered, 1: nothing did). */
    static int run(Map<String, String> o) {
        URI url = URI.create(o.getOrDefault("url", "http://127.0.0.1:8001/analyze"));
        String body = o.getOrDefault("body", "{\"text\":\"The parcel arrived late but the support team was really helpful\"}");
        double rate = Double.parseDouble(o.getOrDefault("rate", "500"));
        Duration duration = Duration.ofSeconds(Long.parseLong(o.getOrDefault("duration", "10")));
        LoadResult r = new ConstantRateLoad().run(LoadProfile.post(url, body, rate, duration),
                s -> System.out.printf("  second %2d: %5d ok, %4d errors, p50 %.2f ms, p99 %.2f ms%n",
                        s.second(), s.completed(), s.errors(), s.p50Ms(), s.p99Ms()), () -> false);
        System.out.println(r.summary());
        if (r.succeeded() == 0) {
            System.err.println("nothing answered at " + url + " (" + r.errors() + "): no service serves port " + url.getPort()
                    + "; start the one that should (the Services panel, or its java -jar line in the guide) and run this again");
            return 1;
        }
        if (r.errorCount() > r.sent() / 10) {
            System.err.println("warning: " + r.errorCount() + " of " + r.sent() + " requests failed " + r.errors());
        }
        return 0;
    }
}
