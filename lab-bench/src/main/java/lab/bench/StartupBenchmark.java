package lab.bench;

import com.eclipsesource.json.Json;
import com.eclipsesource.json.JsonObject;
import lab.process.DockerCli;
import lab.process.Probe;
import lab.process.ProcStatus;
import lab.process.ServiceCommand;
import lab.process.ServiceProcess;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code startup}: ml-api's start, phase by phase, for each kind of MODEL_URI a learner meets: the default
 * (DJL's zoo, here on 127.0.0.1:9 where nothing answers, so the fallback serves, as wherever the zoo cannot
 * be reached), {@code offline}, and a TorchScript directory when
 * {@code --model DIR} names one. Each is started {@code --starts} times (default 3) with the ahead-of-time
 * cache the build made and without it, one start at a time; printed: medians of start → ready, of each
 * phase, and resident memory at ready, and whether PyTorch's native libraries were mapped.
 * {@code --jar} measures another build (a checkout of an earlier commit) the same way. With {@code --image}
 * the default MODEL_URI is started in containers too (host network, the repository unreachable on
 * 127.0.0.1:9 as here): each first start on a new, empty model-cache volume, then starts on that volume
 * once filled, beside the local process with its cache filled (target: an empty volume ≤ 1.3× local).
 * Asserts nothing.
 */
final class StartupBenchmark {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    /** The zoo as it is here, unreachable, without a packet leaving the machine: nothing listens on port 9. */
    private static final String UNREACHABLE = "http://127.0.0.1:9/";
    private static final String DEFAULT_MODEL = "djl://ai.djl.huggingface.pytorch/distilbert-base-uncased-finetuned-sst-2-english";

    private record Start(double readyS, Map<String, Double> phases, double rssMb, boolean torchMapped) {
    }

    private StartupBenchmark() {
    }

    static void run(Map<String, String> o) throws Exception {
        Path jar = Path.of(o.getOrDefault("jar", "ml-api/target/ml-api.jar")).toAbsolutePath();
        if (!Files.exists(jar)) throw new IllegalArgumentException("no jar at " + jar + "; build it with: ./mvnw -q package -DskipTests");
        int starts = Integer.parseInt(o.getOrDefault("starts", "3"));
        Map<String, String> models = new LinkedHashMap<>();
        models.put("default (zoo)", DEFAULT_MODEL);
        models.put("offline", "offline");
        if (o.containsKey("model")) models.put("TorchScript dir", Path.of(o.get("model")).toAbsolutePath().toString());
        List<String> withCache = ServiceCommand.of(jar);
        List<String> without = withCache.stream().filter(a -> !a.startsWith("-XX:AOTCache=") && !a.startsWith("-Xlog:aot") && !a.startsWith("-Xlog:cds")).toList();
        System.out.printf("ml-api start-up, %s, %d starts each, %d cores%n%n| MODEL_URI | AOT cache | start → ready | phases (medians) | RSS at ready | PyTorch mapped |%n"
                + "|---|---|---|---|---|---|%n", jar, starts, Runtime.getRuntime().availableProcessors());
        for (var model : models.entrySet()) {
            for (boolean cache : withCache.size() == without.size() ? List.of(false) : List.of(true, false)) {
                List<Start> runs = new ArrayList<>();
                for (int i = 0; i < starts; i++) runs.add(start(cache ? withCache : without, model.getValue()));
                System.out.printf(Locale.ROOT, "| %s | %s | %.2f s | %s | %.0f MB | %s |%n", model.getKey(), cache ? "yes" : "no",
                        Bench.median(runs.stream().map(Start::readyS).toList()), phases(runs), Bench.median(runs.stream().map(Start::rssMb).toList()),
                        runs.stream().allMatch(Start::torchMapped) ? "yes" : runs.stream().noneMatch(Start::torchMapped) ? "no" : "some");
            }
        }
        if (o.containsKey("image")) containers(o.get("image"), starts);
    }

    /** The default MODEL_URI in containers: docker run → ready on an empty volume, then on the filled one. */
    private static void containers(String image, int starts) throws Exception {
        System.out.printf("%n| container (%s) | docker run → ready | phases (medians) |%n|---|---|---|%n", image);
        List<Start> empty = new ArrayList<>(), filled = new ArrayList<>();
        for (int i = 0; i < starts; i++) {
            String volume = "inference-lab-startup-bench-" + i;
            DockerCli.run("volume", "rm", "-f", volume);
            try {
                empty.add(container(image, volume));
                filled.add(container(image, volume));
            } finally {
                DockerCli.run("volume", "rm", "-f", volume);
            }
        }
        for (var row : List.of(Map.entry("first start, empty volume", empty), Map.entry("next start, same volume", filled))) {
            System.out.printf(Locale.ROOT, "| %s | %.2f s | %s |%n", row.getKey(), Bench.median(row.getValue().stream().map(Start::readyS).toList()), phases(row.getValue()));
        }
    }

    private static Start container(String image, String volume) throws Exception {
        int port = ServiceProcess.freePort();
        long t0 = System.nanoTime();
        String id = DockerCli.run("run", "-d", "--network", "host", "-e", "PORT=" + port, "-e", "BIND=127.0.0.1",
                "-e", "DJL_REPO_URL=" + UNREACHABLE, "-v", volume + ":/models", image).trimmed();
        try {
            while (Probe.status(port, "/ready") != 200) {
                if (System.nanoTime() - t0 > TimeUnit.SECONDS.toNanos(120)) throw new IOException("container " + id + " was not ready within 120 s");
                Thread.sleep(5);
            }
            double ready = (System.nanoTime() - t0) / 1e9;
            return new Start(ready, phases(port), Double.NaN, false);
        } finally {
            DockerCli.run("rm", "-f", "-v", id);
        }
    }

    private static Start start(List<String> command, String modelUri) throws Exception {
        int port = ServiceProcess.freePort();
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        pb.environment().put("PORT", Integer.toString(port));
        pb.environment().put("MODEL_URI", modelUri);
        pb.environment().put("DJL_REPO_URL", UNREACHABLE);
        long t0 = System.nanoTime();
        Process p = pb.start();
        try {
            while (Probe.status(port, "/ready") != 200) {
                if (!p.isAlive()) throw new IOException("ml-api exited with " + p.exitValue() + " (MODEL_URI=" + modelUri + ")");
                if (System.nanoTime() - t0 > TimeUnit.SECONDS.toNanos(120)) throw new IOException("ml-api was not ready within 120 s");
                Thread.sleep(1);
            }
            double ready = (System.nanoTime() - t0) / 1e9;
            double rss = ProcStatus.residentBytes(p.pid()) / 1e6;
            boolean torch = Files.readString(Path.of("/proc", Long.toString(p.pid()), "maps")).contains("libtorch_cpu");
            return new Start(ready, phases(port), rss, torch);
        } finally {
            p.destroy();
            p.waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** The start-up phases /info reports, in their order. */
    private static Map<String, Double> phases(int port) throws Exception {
        JsonObject info = Json.parse(HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/info")).build(),
                HttpResponse.BodyHandlers.ofString()).body()).asObject();
        Map<String, Double> phases = new LinkedHashMap<>();
        info.get("startup").asObject().get("phases").asArray()
                .forEach(ph -> phases.put(ph.asObject().getString("phase", "?"), ph.asObject().getDouble("duration_s", Double.NaN)));
        return phases;
    }

    private static String phases(List<Start> runs) {
        List<String> out = new ArrayList<>();
        for (String phase : runs.getFirst().phases().keySet()) {
            out.add(String.format(Locale.ROOT, "%s %.2f", phase, Bench.median(runs.stream().map(r -> r.phases().getOrDefault(phase, Double.NaN)).toList())));
        }
        return String.join(", ", out);
    }
}
