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
 * {@code --model DIR} names one. Each is started {@code --starts} times (default 3) as the portal starts it
 * (the build's ahead-of-time cache, the environment of ml-api/service.env), then without the cache, then
 * without that environment, round by round; printed: medians of start → ready, of each phase, of resident
 * memory and of the part of it in huge pages at ready, and whether PyTorch's native libraries were mapped.
 * {@code --jar} measures another build (a checkout of an earlier commit) the same way. With {@code --image}
 * (or several, comma-separated, taking turns) the default MODEL_URI is started in containers too (host network, the repository unreachable on
 * 127.0.0.1:9 as here): each first start on a new, empty model-cache volume, then starts on that volume
 * once filled, beside the local process with its cache filled (target: an empty volume ≤ 1.3× local).
 * Asserts nothing.
 */
final class StartupBenchmark {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    /** The zoo as it is here, unreachable, without a packet leaving the machine: nothing listens on port 9. */
    private static final String UNREACHABLE = "http://127.0.0.1:9/";
    private static final String DEFAULT_MODEL = "djl://ai.djl.huggingface.pytorch/distilbert-base-uncased-finetuned-sst-2-english";

    private record Start(double readyS, Map<String, Double> phases, double rssMb, double hugeMb, boolean torchMapped) {
    }

    /** One way of starting ml-api: its command and environment. */
    private record Way(String cache, String env, List<String> command, Map<String, String> environment) {
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
        List<Way> ways = ways(jar);
        System.out.printf("ml-api start-up, %s, %d starts each, %d cores%n%n| MODEL_URI | AOT cache | service.env | start → ready | phases (medians) "
                + "| RSS at ready | of it in huge pages | PyTorch mapped |%n|---|---|---|---|---|---|---|---|%n", jar, starts, Runtime.getRuntime().availableProcessors());
        for (var model : models.entrySet()) {
            Map<Way, List<Start>> runs = new LinkedHashMap<>();
            for (int i = 0; i < starts; i++) {
                for (Way way : ways) runs.computeIfAbsent(way, w -> new ArrayList<>()).add(start(way, model.getValue()));
            }
            runs.forEach((way, r) -> System.out.printf(Locale.ROOT, "| %s | %s | %s | %.2f s | %s | %.0f MB | %.0f MB | %s |%n", model.getKey(), way.cache(), way.env(),
                    Bench.median(r.stream().map(Start::readyS).toList()), phases(r), Bench.median(r.stream().map(Start::rssMb).toList()),
                    Bench.median(r.stream().map(Start::hugeMb).toList()),
                    r.stream().allMatch(Start::torchMapped) ? "yes" : r.stream().noneMatch(Start::torchMapped) ? "no" : "some"));
        }
        if (o.containsKey("image")) containers(o.get("image"), starts);
    }

    /**
     * The default MODEL_URI in containers: docker run → ready on an empty volume, then on the filled one.
     * Several images (comma-separated: two builds, before and after a change) take turns start by start, so
     * that the machine's noise falls on each alike.
     */
    private static void containers(String images, int starts) throws Exception {
        Map<String, List<Start>> empty = new LinkedHashMap<>(), filled = new LinkedHashMap<>();
        for (int i = 0; i < starts; i++) {
            for (String image : images.split(",")) {
                String volume = "inference-lab-startup-bench-" + i;
                DockerCli.run("volume", "rm", "-f", volume);
                try {
                    empty.computeIfAbsent(image, k -> new ArrayList<>()).add(container(image, volume));
                    filled.computeIfAbsent(image, k -> new ArrayList<>()).add(container(image, volume));
                } finally {
                    DockerCli.run("volume", "rm", "-f", volume);
                }
            }
        }
        System.out.printf("%n| container | image | docker run → ready | phases (medians) |%n|---|---|---|---|%n");
        for (var row : List.of(Map.entry("first start, empty volume", empty), Map.entry("next start, same volume", filled))) {
            row.getValue().forEach((image, runs) -> System.out.printf(Locale.ROOT, "| %s | %s | %.2f s | %s |%n", row.getKey(), image,
                    Bench.median(runs.stream().map(Start::readyS).toList()), phases(runs)));
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
            return new Start(ready, phases(port), Double.NaN, Double.NaN, false);
        } finally {
            DockerCli.run("rm", "-f", "-v", id);
        }
    }

    /** As the portal starts it; without the AOT cache (where the build made one); without service.env (where there is one). */
    private static List<Way> ways(Path jar) {
        List<String> command = ServiceCommand.of(jar);
        Map<String, String> env = ServiceCommand.environment(jar);
        List<String> noCache = command.stream().filter(a -> !a.startsWith("-XX:AOTCache=") && !a.startsWith("-Xlog:aot") && !a.startsWith("-Xlog:cds")).toList();
        String cache = noCache.size() < command.size() ? "yes" : "none built";
        List<Way> ways = new ArrayList<>(List.of(new Way(cache, env.isEmpty() ? "none" : "yes", command, env)));
        if (noCache.size() < command.size()) ways.add(new Way("no", env.isEmpty() ? "none" : "yes", noCache, env));
        if (!env.isEmpty()) ways.add(new Way(cache, "no", command, Map.of()));
        return ways;
    }

    private static Start start(Way way, String modelUri) throws Exception {
        int port = ServiceProcess.freePort();
        ProcessBuilder pb = new ProcessBuilder(way.command()).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        pb.environment().putAll(way.environment());
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
            double huge = ProcStatus.hugePageBytes(p.pid()) / 1e6;
            boolean torch = Files.readString(Path.of("/proc", Long.toString(p.pid()), "maps")).contains("libtorch_cpu");
            return new Start(ready, phases(port), rss, huge, torch);
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
