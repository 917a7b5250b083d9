package lab.bench;

import lab.process.ProcStatus;
import lab.process.Probe;
import lab.process.ServiceProcess;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code compare}: traditional-api beside the original lab's kind of service (a Flask app counting
 * keywords, run by gunicorn with 2 workers: lab-bench/baseline/keyword_flask.py), on the same closed-loop
 * load, {@code wrk -t2 -c16 -d10s} POSTing one sentence to /analyze, one server at a time: process start to
 * the first 200, requests per second, p99, and resident memory after the load (every process of the
 * server). Each server is measured twice: sharing the two cores with wrk, and pinned (server on core 0,
 * wrk on core 1, {@code taskset}), where p99 is the server's own. Targets for traditional-api: at least 6×
 * gunicorn's rate, p99 ≤ 1 ms pinned, first 200 ≤ 0.3 s, RSS ≤ 64 MB after the load. Prints figures; asserts nothing. Needs Debian's wrk, gunicorn, python3-flask.
 */
final class CompareBenchmark {
    private static final String BODY = "{\"text\":\"The parcel arrived late but the support team was really helpful\"}";

    private record Figures(String server, double firstS, double rps, double p99Ms, double rssMb) {
    }

    private CompareBenchmark() {
    }

    static void run(Map<String, String> o) throws Exception {
        if ("ml".equals(o.get("service"))) {
            MlCompareBenchmark.run(o);
            return;
        }
        for (String tool : List.of("wrk", "gunicorn")) {
            if (!onPath(tool)) throw new IllegalStateException(tool + " is not installed: apt-get install wrk gunicorn python3-flask");
        }
        Path jar = Path.of(o.getOrDefault("jar", "traditional-api/target/traditional-api.jar")).toAbsolutePath();
        Path baseline = Path.of(o.getOrDefault("baseline", "lab-bench/baseline")).toAbsolutePath();
        String seconds = o.getOrDefault("seconds", "10");
        Path script = Files.createTempFile("post", ".lua");
        Files.writeString(script, "wrk.method=\"POST\"\nwrk.body=[[" + BODY + "]]\nwrk.headers[\"Content-Type\"]=\"application/json\"\n");
        System.out.println("same load on both: wrk -t2 -c16 -d" + seconds + "s --latency, POST /analyze; "
                + Runtime.getRuntime().availableProcessors() + " cores, one server at a time");

        List<Figures> rows = new ArrayList<>();
        int port = ServiceProcess.freePort();
        long t0 = System.nanoTime();
        Process gunicorn = new ProcessBuilder("gunicorn", "-w", "2", "-b", "127.0.0.1:" + port, "--chdir", baseline.toString(),
                "--log-level", "warning", "keyword_flask:app").redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try {
            double first = until200(port, t0, gunicorn);
            rows.add(load("Flask + gunicorn -w2 (keyword count)", first, port, script, seconds, gunicorn.toHandle(), false));
            rows.add(load("Flask + gunicorn -w2, pinned: server core 0, wrk core 1", first, port, script, seconds, gunicorn.toHandle(), true));
        } finally {
            gunicorn.destroy();
            gunicorn.waitFor(10, TimeUnit.SECONDS);
        }
        try (ServiceProcess p = ServiceProcess.start(jar, ServiceProcess.freePort(), Map.of(), Files.createTempFile("compare", ".log"))) {
            double first = p.secondsUntil200("/health", 30);
            rows.add(load("traditional-api (lexicon + rules)", first, p.port(), script, seconds, p.process().toHandle(), false));
            rows.add(load("traditional-api, pinned: server core 0, wrk core 1", first, p.port(), script, seconds, p.process().toHandle(), true));
        }
        System.out.printf("%n| server | req/s | p99 | start → first 200 | RSS after load |%n|---|---|---|---|---|%n");
        for (Figures f : rows) {
            System.out.printf("| %s | %,.0f | %.2f ms | %.3f s | %.1f MB |%n", f.server(), f.rps(), f.p99Ms(), f.firstS(), f.rssMb());
        }
        System.out.printf("%ntraditional-api, cores shared with wrk: %.1f× gunicorn's rate (target ≥ 6×), p99 %.2f ms, first 200 %.3f s (≤ 0.3), RSS %.1f MB (≤ 64)%n",
                rows.get(2).rps() / rows.get(0).rps(), rows.get(2).p99Ms(), rows.get(2).firstS(), rows.get(2).rssMb());
        System.out.printf("traditional-api, pinned (server core 0, wrk core 1): %.1f× gunicorn's rate pinned the same way, p99 %.2f ms (target ≤ 1)%n",
                rows.get(3).rps() / rows.get(1).rps(), rows.get(3).p99Ms());
    }

    /**
     * A warm-up, then the measured wrk run; RSS of the server and its children two seconds after. Pinned:
     * every thread of the server (and its children) on core 0 and wrk on core 1, so that the load generator
     * does not take the server's CPU; affinity is given back to all cores afterwards.
     */
    private static Figures load(String name, double first, int port, Path script, String seconds, ProcessHandle server, boolean pinned)
            throws IOException, InterruptedException {
        String url = "http://127.0.0.1:" + port + "/analyze";
        if (pinned) affinity(server, "0");
        List<String> generator = pinned ? List.of("taskset", "-c", "1") : List.of();
        String out;
        try {
            wrk(generator, script, "3", url);
            out = wrk(generator, script, seconds, url);
        } finally {
            if (pinned) affinity(server, "0-" + (Runtime.getRuntime().availableProcessors() - 1));
        }
        Thread.sleep(2000);
        return new Figures(name, first, number(out, "Requests/sec:\\s+([0-9.]+)"), latencyMs(out), rssMb(server));
    }

    static String wrk(Path script, String seconds, String url) throws IOException, InterruptedException {
        return wrk(List.of(), script, seconds, url);
    }

    private static String wrk(List<String> prefix, Path script, String seconds, String url) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(prefix);
        cmd.addAll(List.of("wrk", "-t2", "-c16", "-d" + seconds + "s", "--latency", "-s", script.toString(), url));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        return out;
    }

    /** Resident memory of the server and every process under it (gunicorn's workers), in MB. */
    static double rssMb(ProcessHandle server) {
        long rssKb = ProcStatus.field(server.pid(), "VmRSS:");
        for (ProcessHandle child : server.descendants().toList()) rssKb += Math.max(0, ProcStatus.field(child.pid(), "VmRSS:"));
        return rssKb / 1e3;
    }

    /** Every thread of the process and its descendants on these cores ({@code taskset -a -p}). */
    private static void affinity(ProcessHandle server, String cores) throws IOException, InterruptedException {
        List<ProcessHandle> all = new ArrayList<>(server.descendants().toList());
        all.add(server);
        for (ProcessHandle h : all) {
            Process p = new ProcessBuilder("taskset", "-a", "-p", "-c", cores, Long.toString(h.pid())).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (p.waitFor() != 0) throw new IOException("taskset could not pin pid " + h.pid() + " to cores " + cores);
        }
    }

    /** wrk's "99%" line, in milliseconds whatever unit wrk chose. */
    static double latencyMs(String wrk) {
        Matcher m = Pattern.compile("\\s99%\\s+([0-9.]+)(us|ms|s)").matcher(wrk);
        if (!m.find()) return Double.NaN;
        double v = Double.parseDouble(m.group(1));
        return switch (m.group(2)) {
            case "us" -> v / 1000;
            case "s" -> v * 1000;
            default -> v;
        };
    }

    static double number(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        return m.find() ? Double.parseDouble(m.group(1)) : Double.NaN;
    }

    private static double until200(int port, long t0, Process p) throws IOException, InterruptedException {
        while (Probe.status(port, "/health") != 200) {
            if (!p.isAlive()) throw new IOException("the baseline server exited");
            if ((System.nanoTime() - t0) / 1e9 > 30) throw new IOException("the baseline server did not answer within 30 s");
            Thread.sleep(1);
        }
        return (System.nanoTime() - t0) / 1e9;
    }

    static boolean onPath(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (Files.isExecutable(Path.of(dir, tool))) return true;
        }
        return false;
    }
}
