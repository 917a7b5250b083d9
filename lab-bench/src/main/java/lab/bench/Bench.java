package lab.bench;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The benchmark commands. {@code java -jar lab-bench/target/lab-bench.jar traditional [--options]};
 * see README "Benchmarks".
 */
public final class Bench {
    private Bench() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            usage();
            System.exit(2);
        }
        Map<String, String> options = options(Arrays.copyOfRange(args, 1, args.length));
        switch (args[0]) {
            case "traditional" -> TraditionalBenchmark.run(options);
            case "load" -> System.exit(LoadCommand.run(options));
            case "ml" -> MlBenchmark.run(options);
            case "cache" -> CacheBenchmark.run(options);
            case "compare" -> CompareBenchmark.run(options);
            case "accuracy" -> AccuracyCommand.run(options);
            case "portal" -> PortalBenchmark.run(options);
            case "curves" -> CurvesBenchmark.run(options);
            case "class" -> ClassBenchmark.run(options);
            case "startup" -> StartupBenchmark.run(options);
            default -> {
                usage();
                System.exit(2);
            }
        }
    }

    private static void usage() {
        System.err.println("""
                usage: java -jar lab-bench/target/lab-bench.jar COMMAND [--option value ...]
                  traditional  start traditional-api fresh and measure start-up, memory, latency under an
                               open-model load, and accuracy on a labelled TSV
                               --jar traditional-api/target/traditional-api.jar --tsv FILE --rate 2000
                               --duration 10 --port 18001 --starts 5
                  ml           start ml-api fresh and measure start-up phases, memory, latency and
                               throughput with batching on and off
                               --jar ml-api/target/ml-api.jar --model offline|DIR|djl://... --seconds 8
                               --threads 1 --tsv FILE[,FILE]
                  compare      traditional-api beside a Flask + gunicorn -w2 keyword counter on the same
                               wrk load: first 200, req/s, p99, RSS after (needs wrk, gunicorn, python3-flask)
                               --jar traditional-api/target/traditional-api.jar --seconds 10
                               --service ml --model DIR: ml-api beside a Flask + torch.jit peer on the
                               same TorchScript (needs python3-torch too): ready, p50 alone, wrk -c16
                               req/s and p99, RSS; --rounds 2
                  startup      ml-api's start phase by phase for the default MODEL_URI, offline and
                               --model DIR (TorchScript), each with and without the build's AOT cache:
                               ready, phases, RSS at ready, PyTorch mapped or not
                               --jar ml-api/target/ml-api.jar --starts 3; --image inference-lab/ml-api:
                               the default in containers, each on an empty volume, then on it filled
                               (image,image: two builds taking turns)
                  cache        ml-api's default model: ready time with an empty cache (download), a warm
                               cache, a two-day-old cache with the repository down, and baked in; the
                               offline model as the yardstick; --image: two containers on one volume
                               --artifact DIR (served on 127.0.0.1) | --repo URL  --starts 3
                               --jar ml-api/target/ml-api.jar --image inference-lab/ml-api
                  accuracy     accuracy of running services on labelled TSVs
                               --ports 8001,8002 --tsv FILE[,FILE]
                  portal       launch -> the portal's first page, everything built: ./lab, the Maven
                               run command, the fat jar, the extracted jar with its AOT cache
                               (run from the repository root)  --starts 5 --port 18090
                  curves       throughput and p99 against concurrency (1..64) for traditional-api and
                               ml-api (batching on and off), and ml-api's against text length (16..512
                               tokens); writes curves.csv and a self-contained curves.html
                               --out lab-bench/curves --seconds 4 --model offline
                  class        a class portal with a workshop: --learners generated reports sent at once
                               (all stored?), then /api/class and /class timed, and the class page
                               drawn in Chromium (run from the repository root)
                               --learners 200 --port 18190
                  load         constant-arrival-rate load against a running service
                               --url http://127.0.0.1:8001/analyze --rate 500 --duration 10
                               --body '{"text":"..."}'""");
    }

    static Map<String, String> options(String[] args) {
        Map<String, String> m = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("expected --name value, got " + args[i]);
            }
            m.put(args[i].substring(2), args[++i]);
        }
        return m;
    }

    /** The median of measured values (the mean of the middle two for an even count). */
    static double median(List<Double> values) {
        List<Double> s = values.stream().sorted().toList();
        return s.size() % 2 == 1 ? s.get(s.size() / 2) : (s.get(s.size() / 2 - 1) + s.get(s.size() / 2)) / 2;
    }
}
