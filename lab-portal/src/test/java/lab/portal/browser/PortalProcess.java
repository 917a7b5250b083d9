package lab.portal.browser;

import lab.process.ServiceProcess;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** The packaged portal as a real process, on ports of its own: from its jar, or as the README starts it (./lab). */
final class PortalProcess implements AutoCloseable {
    private final Process process;
    private final Path log;
    final int port;
    private final List<Long> leftBehind = new ArrayList<>();

    private PortalProcess(Process process, Path log, int port) {
        this.process = process;
        this.log = log;
        this.port = port;
    }

    static PortalProcess start(Path repo, Path dataDir, int port, List<String> settings) throws IOException, InterruptedException {
        return start(repo, dataDir, port, settings, Map.of());
    }

    /** With {@code env} added to the portal's environment (what a platform would set). */
    static PortalProcess start(Path repo, Path dataDir, int port, List<String> settings, Map<String, String> env)
            throws IOException, InterruptedException {
        List<String> all = new ArrayList<>(List.of("--lab.repo=" + repo));
        all.addAll(settings);
        return startIn(repo.resolve("lab-portal"), repo, dataDir, port, all, env);
    }

    /**
     * With the README's run command, {@code ./lab}, from the repository root: the extracted portal with its
     * AOT cache, finding everything relative to the root; only the port, the data directory and
     * {@code settings} are given. ({@code LAB_SKIP_BUILD}: Maven is running this test, the jars are built.)
     */
    static PortalProcess startFromRepositoryRoot(Path repo, Path dataDir, int port, List<String> settings)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("bash", repo.resolve("lab").toString(), "--server.port=" + port, "--lab.data-dir=" + dataDir));
        cmd.addAll(settings);
        return started(cmd, repo, Map.of("LAB_SKIP_BUILD", "1"), port);
    }

    private static PortalProcess startIn(Path workingDir, Path repo, Path dataDir, int port, List<String> settings, Map<String, String> env)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                "-jar", repo.resolve("lab-portal/target/lab-portal.jar").toString(), "--server.port=" + port, "--lab.data-dir=" + dataDir));
        cmd.addAll(settings);
        return started(cmd, workingDir, env, port);
    }

    private static PortalProcess started(List<String> cmd, Path workingDir, Map<String, String> env, int port)
            throws IOException, InterruptedException {
        Path log = Files.createTempFile("portal", ".log");
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(workingDir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().putAll(env);
        Process p = pb.start();
        PortalProcess portal = new PortalProcess(p, log, port);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (!Files.readString(log).contains("lab portal ready on")) {
            if (!p.isAlive() || System.nanoTime() > deadline) {
                p.destroyForcibly();
                throw new IllegalStateException("the portal did not start:\n" + Files.readString(log));
            }
            Thread.sleep(100);
        }
        return portal;
    }

    /** Starts the portal with {@code settings} it must refuse: returns what it printed before it exited, non-zero. */
    static String refusesToStart(Path repo, Path dataDir, List<String> settings) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                "-jar", repo.resolve("lab-portal/target/lab-portal.jar").toString(), "--server.port=" + freePort(), "--lab.data-dir=" + dataDir,
                "--lab.repo=" + repo));
        cmd.addAll(settings);
        Path log = Files.createTempFile("portal-refused", ".log");
        Process p = new ProcessBuilder(cmd).directory(repo.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        boolean exited = p.waitFor(90, TimeUnit.SECONDS);
        if (!exited) p.destroyForcibly().waitFor();
        String out = Files.readString(log);
        if (!exited) throw new IllegalStateException("the portal did not exit with " + settings + ":\n" + out);
        if (p.exitValue() == 0 || out.contains("lab portal ready on")) throw new IllegalStateException("the portal started with " + settings + ":\n" + out);
        return out;
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    String log() throws IOException {
        return Files.readString(log);
    }

    long pid() {
        return process.pid();
    }

    /**
     * A normal stop (SIGTERM), as Ctrl-C would: the portal must stop its services on the way out. What it
     * started and left running is remembered for {@link #leftBehind()}, then killed so no test leaks it.
     */
    @Override
    public void close() throws InterruptedException {
        List<ProcessHandle> children = process.descendants().toList();
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) process.destroyForcibly().waitFor();
        for (ProcessHandle child : children) {
            try {
                child.onExit().get(5, TimeUnit.SECONDS); // a child killed on the way out may take a moment to go
            } catch (ExecutionException | TimeoutException e) {
                leftBehind.add(child.pid());
                child.destroyForcibly();
            }
        }
    }

    /** As kill -9: the portal gets no chance to stop anything; its children are returned, still running. */
    List<ProcessHandle> killHard() throws InterruptedException {
        List<ProcessHandle> children = process.descendants().toList();
        process.destroyForcibly().waitFor();
        return children;
    }

    /** The pids of processes the portal started and did not stop when it stopped (none, when it is right). */
    List<Long> leftBehind() {
        return leftBehind;
    }

    static int freePort() throws IOException {
        return ServiceProcess.freePort();
    }
}
