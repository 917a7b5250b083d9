package lab.bench;

import lab.process.Probe;
import lab.process.ServiceProcess;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code compare --service ml}: ml-api beside its Python peer (lab-bench/baseline/torch_flask.py: Flask,
 * torch.jit.load of the same TorchScript, WordPiece in Python, gunicorn -w 1 -k gthread --threads 16, torch
 * on 2 threads), serving the same model directory, one server at a time and round by round: process start
 * to ready, p50 of one request at a time (20 words), wrk -t2 -c16 throughput and p99, resident memory after
 * the load; and ml-api's own start-up phases (/info). Prints figures beside the targets; asserts
 * nothing. Needs Debian's wrk, gunicorn, python3-flask and python3-torch.
 */
final class MlCompareBenchmark {
    static final String SENTENCE = "The parcel arrived late but the support team was really helpful and kind so I would order from them again";
    private static final String BODY = "{\"text\":\"" + SENTENCE + "\"}";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private record Figures(String server, double readyS, double p50Ms, double rps, double p99Ms, double rssMb) {
    }

    private MlCompareBenchmark() {
    }

    static void run(Map<String, String> o) throws Exception {
        for (String tool : List.of("wrk", "gunicorn")) {
            if (!CompareBenchmark.onPath(tool)) throw new IllegalStateException(tool + " is not installed: apt-get install wrk gunicorn python3-flask python3-torch");
        }
        String model = o.get("model");
        if (model == null || !Files.isDirectory(Path.of(model))) {
            throw new IllegalArgumentException("--model DIR: a TorchScript model directory (README, Benchmarks: make_distilbert.py --size distilbert)");
        }
        Path dir = Path.of(model).toAbsolutePath();
        Path jar = Path.of(o.getOrDefault("jar", "ml-api/target/ml-api.jar")).toAbsolutePath();
        Path baseline = Path.of(o.getOrDefault("baseline", "lab-bench/baseline")).toAbsolutePath();
        String seconds = o.getOrDefault("seconds", "10");
        int rounds = Integer.parseInt(o.getOrDefault("rounds", "2"));
        Path script = Files.createTempFile("post", ".lua");
        Files.writeString(script, "wrk.method=\"POST\"\nwrk.body=[[" + BODY + "]]\nwrk.headers[\"Content-Type\"]=\"application/json\"\n");
        System.out.printf("ml-api beside its Python peer on %s: %d rounds, one server at a time, %d cores; 1 at a time: 200 requests of 20 words; "
                + "then wrk -t2 -c16 -d%ss%n", dir, rounds, Runtime.getRuntime().availableProcessors(), seconds);

        List<Figures> peer = new ArrayList<>(), ml = new ArrayList<>();
        for (int round = 1; round <= rounds; round++) {
            peer.add(peer(baseline, dir, script, seconds));
            ml.add(mlApi(jar, dir, script, seconds, round == rounds));
        }
        System.out.printf("%n| server | start → ready | p50, 1 at a time | req/s, 16 concurrent | p99, 16 concurrent | RSS after load |%n|---|---|---|---|---|---|%n");
        for (List<Figures> rows : List.of(peer, ml)) {
            for (Figures f : rows) {
                System.out.printf(Locale.ROOT, "| %s | %.2f s | %.1f ms | %.1f | %.0f ms | %.0f MB |%n", f.server(), f.readyS(), f.p50Ms(), f.rps(), f.p99Ms(), f.rssMb());
            }
        }
        Figures p = median(peer), m = median(ml);
        System.out.printf(Locale.ROOT, "%nml-api ÷ peer (medians of the rounds): start → ready %.2f× (target ≤ 0.7), p50 %.2f× (≤ 0.9), req/s %.2f× (≥ 3), "
                + "p99 %.2f× (≤ 0.3), RSS %.2f× (≤ 0.75)%n", m.readyS() / p.readyS(), m.p50Ms() / p.p50Ms(), m.rps() / p.rps(), m.p99Ms() / p.p99Ms(),
                m.rssMb() / p.rssMb());
    }

    private static Figures peer(Path baseline, Path dir, Path script, String seconds) throws Exception {
        int port = ServiceProcess.freePort();
        long t0 = System.nanoTime();
        ProcessBuilder pb = new ProcessBuilder("gunicorn", "-w", "1", "-k", "gthread", "--threads", "16", "-b", "127.0.0.1:" + port,
                "--chdir", baseline.toString(), "--log-level", "warning", "torch_flask:app")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        pb.environment().put("MODEL_DIR", dir.toString());
        pb.environment().put("TORCH_THREADS", "2");
        pb.environment().put("OPENBLAS_NUM_THREADS", "1");
        Process gunicorn = pb.start();
        try {
            while (Probe.status(port, "/ready") != 200) {
                if (!gunicorn.isAlive()) throw new IOException("the peer exited (run it by hand to see why: see torch_flask.py)");
                if (System.nanoTime() - t0 > TimeUnit.SECONDS.toNanos(120)) throw new IOException("the peer was not ready within 120 s");
                Thread.sleep(1);
            }
            double ready = (System.nanoTime() - t0) / 1e9;
            String about = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/ready")).build(), HttpResponse.BodyHandlers.ofString()).body();
            if (about.contains("\"blas\":\"reference\"")) {
                throw new IllegalStateException("the peer's torch runs on the reference BLAS (~10x slower than OpenBLAS): apt-get install libopenblas0-pthread, "
                        + "or the comparison would flatter ml-api");
            }
            System.out.println("peer: " + about.strip());
            return measure("Python peer: Flask + torch.jit, gunicorn gthread ×16", ready, port, script, seconds, gunicorn.toHandle());
        } finally {
            gunicorn.destroy();
            gunicorn.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static Figures mlApi(Path jar, Path dir, Path script, String seconds, boolean showPhases) throws Exception {
        try (ServiceProcess p = ServiceProcess.start(jar, ServiceProcess.freePort(), Map.of("MODEL_URI", dir.toString()),
                Files.createTempFile("compare-ml", ".log"))) {
            double ready = p.secondsUntil200("/ready", 120);
            if (showPhases) {
                String info = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + p.port() + "/info")).build(),
                        HttpResponse.BodyHandlers.ofString()).body();
                System.out.println("ml-api's start-up phases (/info): " + phases(info));
            }
            return measure("ml-api (DJL, Java)", ready, p.port(), script, seconds, p.process().toHandle());
        }
    }

    private static Figures measure(String name, double ready, int port, Path script, String seconds, ProcessHandle server) throws Exception {
        URI analyze = URI.create("http://127.0.0.1:" + port + "/analyze");
        HttpRequest one = HttpRequest.newBuilder(analyze).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(BODY)).build();
        List<Double> ms = new ArrayList<>();
        for (int i = 0; i < 220; i++) {
            long t = System.nanoTime();
            HttpResponse<Void> r = HTTP.send(one, HttpResponse.BodyHandlers.discarding());
            if (r.statusCode() != 200) throw new IOException(name + " answered " + r.statusCode());
            if (i >= 20) ms.add((System.nanoTime() - t) / 1e6);
        }
        double p50 = ms.stream().sorted().toList().get(ms.size() / 2);
        CompareBenchmark.wrk(script, "3", analyze.toString());
        String out = CompareBenchmark.wrk(script, seconds, analyze.toString());
        Thread.sleep(2000);
        return new Figures(name, ready, p50, CompareBenchmark.number(out, "Requests/sec:\\s+([0-9.]+)"), CompareBenchmark.latencyMs(out),
                CompareBenchmark.rssMb(server));
    }

    /** The start-up timeline's phases from /info, as "name 0.123 s". */
    private static String phases(String info) {
        List<String> out = new ArrayList<>();
        Matcher m = Pattern.compile("\\{\"phase\":\"([^\"]+)\",\"start_s\":[0-9.]+,\"duration_s\":([0-9.]+)").matcher(info);
        while (m.find()) out.add(m.group(1) + " " + m.group(2) + " s");
        return out.isEmpty() ? info : String.join(", ", out);
    }

    private static Figures median(List<Figures> rows) {
        return new Figures(rows.getFirst().server(), Bench.median(rows.stream().map(Figures::readyS).toList()), Bench.median(rows.stream().map(Figures::p50Ms).toList()),
                Bench.median(rows.stream().map(Figures::rps).toList()), Bench.median(rows.stream().map(Figures::p99Ms).toList()), Bench.median(rows.stream().map(Figures::rssMb).toList()));
    }

}
