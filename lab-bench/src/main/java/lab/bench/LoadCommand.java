package lab.bench;

import lab.process.load.ConstantRateLoad;
import lab.process.load.LoadProfile;
import lab.process.load.LoadResult;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

/** {@code load}: a constant-arrival-rate run against a service that is already running. */
final class LoadCommand {
    private LoadCommand() {
    }

    static void run(Map<String, String> o) {
        URI url = URI.create(o.getOrDefault("url", "http://127.0.0.1:8001/analyze"));
        String body = o.getOrDefault("body", "{\"text\":\"The parcel arrived late but the support team was really helpful\"}");
        double rate = Double.parseDouble(o.getOrDefault("rate", "500"));
        Duration duration = Duration.ofSeconds(Long.parseLong(o.getOrDefault("duration", "10")));
        LoadResult r = new ConstantRateLoad().run(LoadProfile.post(url, body, rate, duration),
                s -> System.out.printf("  second %2d: %5d ok, %4d errors, p50 %.2f ms, p99 %.2f ms%n",
                        s.second(), s.completed(), s.errors(), s.p50Ms(), s.p99Ms()), () -> false);
        System.out.println(r.summary());
    }
}
