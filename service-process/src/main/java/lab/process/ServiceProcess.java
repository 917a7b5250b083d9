package lab.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A service jar started fresh as a child process, the way a learner or the portal starts it
 * ({@link ServiceCommand}), with its output in a file and the time from process start to the first 200
 * on a path measured by probing it ({@link Probe}).
 * <p>
 * Started without a port, the service binds port 0 and this reads the port it got from its first log
 * line ("listening on" / "live on" 127.0.0.1:port): no port is chosen here and released for the child
 * to take, so nothing else can take it in between.
 */
public final class ServiceProcess implements AutoCloseable {
    /** The line both services log once they listen: {@code ... listening on 127.0.0.1:8001 ...}, {@code ... live on ...}. */
    private static final Pattern BOUND = Pattern.compile("(?:listening|live) on [0-9.]+:(\\d+)");

    private final Process process;
    private final long startedNanos;
    private final Path log;
    private volatile int port;

    private ServiceProcess(Process process, long startedNanos, int port, Path log) {
        this.process = process;
        this.startedNanos = startedNanos;
        this.port = port;
        this.log = log;
    }

    /** Starts the jar on a port of its own choosing (PORT=0) with its output in a temporary file. */
    public static ServiceProcess start(Path jar, Map<String, String> env) throws IOException {
        return start(jar, 0, env, Files.createTempFile(jar.getFileName().toString().replace(".jar", ""), ".log"));
    }

    /** A port to give a service that must listen where it is told (see {@link FreePorts}). */
    public static int freePort() {
        return FreePorts.next();
    }

    /** Starts the service with PORT set (0: it picks one, read back from its log); output goes to {@code log}. */
    public static ServiceProcess start(Path jar, int port, Map<String, String> env, Path log) throws IOException {
        ProcessBuilder pb = ServiceCommand.processBuilder(jar).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().putAll(env);
        pb.environment().put("PORT", Integer.toString(port));
        long t0 = System.nanoTime();
        return new ServiceProcess(pb.start(), t0, port, log);
    }

    /** Seconds from process start until {@code path} answers 200; probes every millisecond. */
    public double secondsUntil200(String path, double timeoutSeconds) throws IOException, InterruptedException {
        long deadline = startedNanos + (long) (timeoutSeconds * 1e9);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException(exitedEarly("before answering " + path));
            }
            int p = boundPort();
            if (p > 0 && Probe.status(p, path) == 200) {
                return (System.nanoTime() - startedNanos) / 1e9;
            }
            Thread.sleep(1);
        }
        throw new IOException(path + " did not answer 200 within " + timeoutSeconds + " s; its output:\n" + log());
    }

    /**
     * What to say when the service is gone: its exit code and everything it printed, so a failure shows
     * its cause ("cannot listen ...") instead of only that it happened.
     */
    public String exitedEarly(String when) {
        String output;
        try {
            output = log();
        } catch (IOException e) {
            output = "(its log could not be read: " + e.getMessage() + ")";
        }
        return "the service exited " + (process.isAlive() ? "(no: it still runs) " : "with code " + process.exitValue() + " ")
                + when + "; its output:\n" + output;
    }

    /** The port it listens on; 0 while a service started on PORT=0 has not said yet. */
    private int boundPort() throws IOException {
        if (port == 0) {
            Matcher m = BOUND.matcher(log());
            if (m.find()) port = Integer.parseInt(m.group(1));
        }
        return port;
    }

    /** Everything the service printed so far. */
    public String log() throws IOException {
        return Files.readString(log);
    }

    public int status(String path) {
        return Probe.status(port(), path);
    }

    public Process process() {
        return process;
    }

    /** The port it listens on; for a service started on PORT=0, waits up to 60 s for it to say which. */
    public int port() {
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (boundPort() == 0) {
                if (!process.isAlive()) throw new IllegalStateException(exitedEarly("before it listened"));
                if (System.nanoTime() > deadline) throw new IllegalStateException("the service did not say which port it listens on; its output:\n" + log());
                Thread.sleep(5);
            }
            return port;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the service's port", e);
        }
    }

    public long residentBytes() {
        return ProcStatus.residentBytes(process.pid());
    }

    public long threads() {
        return ProcStatus.threads(process.pid());
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
