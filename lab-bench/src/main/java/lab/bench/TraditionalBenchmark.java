package lab.bench;

import lab.process.ServiceProcess;
import lab.process.load.ConstantRateLoad;
import lab.process.load.LoadProfile;
import lab.process.load.LoadResult;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * {@code traditional}: starts traditional-api fresh (several times, for start-up), then measures
 * resident memory idle and after 10,000 requests, an open-model load, and accuracy on a labelled TSV
 * beside the keyword-count baseline. Prints figures; asserts nothing.
 */
final class TraditionalBenchmark {
    private static final String SENTENCE = "{\"text\":\"The parcel arrived late but the support team was really helpful\"}";

    private TraditionalBenchmark() {
    }

    static void run(Map<String, String> o) throws Exception {
        Path jar = Path.of(o.getOrDefault("jar", "traditional-api/target/traditional-api.jar")).toAbsolutePath();
        if (!Files.exists(jar)) throw new IllegalArgumentException("no jar at " + jar + "; build it with: ./mvnw -q package -DskipTests");
        int port = Integer.parseInt(o.getOrDefault("port", "18001"));
        int starts = Integer.parseInt(o.getOrDefault("starts", "5"));
        Path log = Files.createTempFile("traditional-bench", ".log");
        System.out.println("traditional-api benchmark: " + jar + " (service log: " + log + ")");
        System.out.println("machine: " + Runtime.getRuntime().availableProcessors() + " cores, java " + Runtime.version());

        List<Double> firsts = new ArrayList<>();
        for (int i = 0; i < starts; i++) {
            try (ServiceProcess p = ServiceProcess.start(jar, port, Map.of(), log)) {
                firsts.add(p.secondsUntil200("/health", 30));
            }
        }
        Collections.sort(firsts);
        System.out.printf("start-up: process start -> first 200 on /health: median %.3f s, min %.3f s, max %.3f s (%d fresh starts)%n",
                firsts.get(firsts.size() / 2), firsts.get(0), firsts.get(firsts.size() - 1), starts);

        try (ServiceProcess p = ServiceProcess.start(jar, port, Map.of(), log)) {
            p.secondsUntil200("/ready", 30);
            Thread.sleep(2000);
            System.out.printf("memory: RSS idle %.1f MB%n", p.residentBytes() / 1e6);
            ClosedLoop.Result warm = ClosedLoop.requests(URI.create("http://127.0.0.1:" + port + "/analyze"), SENTENCE, 16, 10_000);
            if (warm.failed() > 0) throw new IllegalStateException(warm.failed() + " of 10,000 requests failed");
            System.out.printf("memory: RSS after 10,000 requests %.1f MB at once, %s%n", p.residentBytes() / 1e6, settled(p));

            double rate = Double.parseDouble(o.getOrDefault("rate", "2000"));
            Duration duration = Duration.ofSeconds(Long.parseLong(o.getOrDefault("duration", "10")));
            LoadResult r = new ConstantRateLoad().run(LoadProfile.post(URI.create("http://127.0.0.1:" + port + "/analyze"), SENTENCE, rate, duration));
            System.out.println("open-model load on POST /analyze: " + r.summary());
            System.out.printf("memory: RSS after the load %.1f MB at once, %s%n", p.residentBytes() / 1e6, settled(p));

            if (o.containsKey("tsv")) {
                accuracy(port, Path.of(o.get("tsv")));
            }
        }
    }

    /** RSS two seconds later: the JVM gives the JIT compiler's scratch memory back about once a second. */
    private static String settled(ServiceProcess p) throws InterruptedException {
        Thread.sleep(2000);
        return String.format("%.1f MB two seconds later (threads %d)", p.residentBytes() / 1e6, p.threads());
    }

    /** Accuracy over HTTP against the running service, beside the keyword count of the original lab. */
    private static void accuracy(int port, Path tsv) throws Exception {
        Accuracy.Score service = Accuracy.measure(port, tsv);
        LabelledSet set = LabelledSet.read(tsv);
        int keywordRight = 0, keywordNeutral = 0;
        for (int i = 0; i < set.size(); i++) {
            String keyword = KeywordCount.label(set.texts().get(i));
            if (keyword.equals(set.labels().get(i))) keywordRight++;
            if (keyword.equals("NEUTRAL")) keywordNeutral++;
        }
        int n = set.size();
        System.out.printf("accuracy on %s (%d sentences; NEUTRAL counts as wrong):%n", tsv, n);
        System.out.printf("  traditional-api (lexicon + rules): %.1f %% (%d NEUTRAL)%n", service.percent(), service.neutral());
        System.out.printf("  keyword count (original lab):      %.1f %% (%d NEUTRAL)%n", 100.0 * keywordRight / n, keywordNeutral);
        System.out.printf("  difference: %+.1f points%n", service.percent() - 100.0 * keywordRight / n);
    }
}
