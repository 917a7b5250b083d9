package lab.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code portal}: how long a learner waits for the portal's first page, five starts of each way to
 * start it, everything already built: the README's run command ({@code ./lab}), the Maven profile that
 * was the run command before it ({@code ./mvnw ... -Plab}: Maven's up-to-date pass, then {@code ./lab}), and the JVM alone, from the fat jar and from
 * the extracted jar with its AOT cache. Each start gets an empty data folder; run from the repository
 * root. Prints figures; asserts nothing.
 */
final class PortalBenchmark {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    private PortalBenchmark() {
    }

    /** One way to start the portal: a command and the environment that sets its port and data folder. */
    private record Way(String name, List<String> command, boolean settingsAsEnvironment) {
    }

    static void run(Map<String, String> o) throws Exception {
        int starts = Integer.parseInt(o.getOrDefault("starts", "5"));
        int port = Integer.parseInt(o.getOrDefault("port", "18090"));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        if (!Files.exists(Path.of("lab-portal/target/portal/lab-portal.jar"))) {
            throw new IllegalArgumentException("run from the repository root after a build (./mvnw -B -ntp -q package -DskipTests)");
        }
        List<Way> ways = List.of(
                new Way("README run command: ./lab", List.of("bash", "lab"), false),
                new Way("through Maven: ./mvnw -B -ntp -q package -DskipTests -Plab (up-to-date pass, then ./lab)",
                        List.of("./mvnw", "-B", "-ntp", "-q", "package", "-DskipTests", "-Plab"), true),
                new Way("JVM start: java -jar lab-portal/target/lab-portal.jar (fat jar)",
                        List.of(java, "-jar", "lab-portal/target/lab-portal.jar"), false),
                new Way("JVM start: java @lab-portal/jvm.options -XX:AOTCache=... -jar lab-portal/target/portal/lab-portal.jar",
                        List.of(java, "@lab-portal/jvm.options", "-XX:AOTCache=lab-portal/target/portal/lab-portal.aot", "-Xlog:aot=off", "-Xlog:cds=off",
                                "-jar", "lab-portal/target/portal/lab-portal.jar"), false));
        // a fresh build first, so that ./lab finds nothing to build (Maven's pass is timed by the second way)
        Process build = new ProcessBuilder("./mvnw", "-B", "-ntp", "-q", "package", "-DskipTests").inheritIO().start();
        if (build.waitFor() != 0) throw new IllegalStateException("the build failed");
        System.out.printf("portal benchmark: %d starts of each, launch -> first page (GET / answers 200), %d cores%n",
                starts, Runtime.getRuntime().availableProcessors());
        // round by round, each way once per round, so that the machine's drift falls on every way alike
        Map<Way, List<Double>> measured = new java.util.LinkedHashMap<>();
        for (int i = 0; i < starts; i++) {
            for (Way way : ways) measured.computeIfAbsent(way, w -> new ArrayList<>()).add(firstPage(way, port));
        }
        for (Way way : ways) {
            List<Double> seconds = measured.get(way);
            List<Double> sorted = seconds.stream().sorted().toList();
            System.out.printf(Locale.ROOT, "%-80s median %5.2f s (min %5.2f, max %5.2f) %s%n", way.name(), Bench.median(seconds),
                    sorted.getFirst(), sorted.getLast(), seconds.stream().map(s -> String.format(Locale.ROOT, "%.2f", s)).toList());
        }
    }

    private static double firstPage(Way way, int port) throws Exception {
        Path data = Files.createTempDirectory("portal-bench");
        List<String> command = new ArrayList<>(way.command());
        ProcessBuilder pb = new ProcessBuilder().redirectErrorStream(true).redirectOutput(data.resolve("log").toFile());
        if (way.settingsAsEnvironment()) {
            pb.environment().put("SERVER_PORT", Integer.toString(port));
            pb.environment().put("LAB_DATA_DIR", data.toString());
            pb.environment().put("LAB_RUNTIME", "local");
        } else {
            command.addAll(List.of("--server.port=" + port, "--lab.data-dir=" + data, "--lab.runtime=local"));
        }
        long start = System.nanoTime();
        Process p = pb.command(command).start();
        try {
            HttpRequest home = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/")).timeout(Duration.ofSeconds(5)).build();
            while (true) {
                if (!p.isAlive()) throw new IllegalStateException(way.name() + " exited " + p.exitValue() + "; see " + data.resolve("log"));
                try {
                    if (HTTP.send(home, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) break;
                } catch (java.io.IOException notYet) {
                    // not listening yet
                }
                if (System.nanoTime() - start > TimeUnit.SECONDS.toNanos(120)) throw new IllegalStateException(way.name() + " gave no page in 120 s");
                Thread.sleep(50);
            }
            return (System.nanoTime() - start) / 1e9;
        } finally {
            // the portal is a descendant (of bash, or of Maven): stop it, and wait until its port is free
            List<ProcessHandle> all = new ArrayList<>(p.descendants().toList());
            all.add(p.toHandle());
            all.forEach(ProcessHandle::destroy);
            for (ProcessHandle h : all) {
                try {
                    h.onExit().get(30, TimeUnit.SECONDS);
                } catch (java.util.concurrent.TimeoutException e) {
                    h.destroyForcibly();
                }
            }
        }
    }
}
