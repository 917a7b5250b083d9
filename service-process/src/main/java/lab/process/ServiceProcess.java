package lab.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A service jar started fresh as a child process, the way a learner or the portal starts it
 * ({@link ServiceCommand}), with its output in a file and the time from process start to the first 200
 * on a path measured by probing it ({@link Probe}).
 */
public final class ServiceProcess implements AutoCloseable {
    private final Process process;
    private final long startedNanos;
    private final int port;
    private final Path log;

    private ServiceProcess(Process process, long startedNanos, int port, Path log) {
        this.process = process;
        this.startedNanos = startedNanos;
        this.port = port;
        this.log = log;
    }

    /** Starts the jar on a free port with its output in a temporary file. */
    public static ServiceProcess start(Path jar, Map<String, String> env) throws IOException {
        return start(jar, freePort(), env, Files.createTempFile(jar.getFileName().toString().replace(".jar", ""), ".log"));
    }

    public static int freePort() throws IOException {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** Starts the service with PORT set; output goes to {@code log}. */
    public static ServiceProcess start(Path jar, int port, Map<String, String> env, Path log) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(ServiceCommand.of(jar)).redirectErrorStream(true).redirectOutput(log.toFile());
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
                throw new IOException("the service exited with code " + process.exitValue() + " before answering " + path);
            }
            if (Probe.status(port, path) == 200) {
                return (System.nanoTime() - startedNanos) / 1e9;
            }
            Thread.sleep(1);
        }
        throw new IOException(path + " did not answer 200 within " + timeoutSeconds + " s");
    }

    /** Everything the service printed so far. */
    public String log() throws IOException {
        return Files.readString(log);
    }

    public int status(String path) {
        return Probe.status(port, path);
    }

    public Process process() {
        return process;
    }

    public int port() {
        return port;
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
