package lab.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A service jar started fresh as a child process, the way a learner or the portal starts it, with
 * the time from process start to the first 200 on a path measured by polling over a raw socket.
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

    /** Starts {@code java [jvm.options] [CDS archive] -jar jar} with PORT set; output goes to {@code log}. */
    public static ServiceProcess start(Path jar, int port, Map<String, String> env, Path log) throws IOException {
        List<String> cmd = command(jar);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().putAll(env);
        pb.environment().put("PORT", Integer.toString(port));
        long t0 = System.nanoTime();
        return new ServiceProcess(pb.start(), t0, port, log);
    }

    /**
     * How a service jar is started, by the benchmarks, the tests and the portal alike: this JVM's java,
     * the module's {@code jvm.options} and its ahead-of-time cache when they exist, then the jar.
     */
    public static List<String> command(Path jar) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        Path options = jar.toAbsolutePath().getParent().getParent().resolve("jvm.options");
        if (Files.exists(options)) cmd.add("@" + options);
        Path cache = jar.resolveSibling(jar.getFileName().toString().replace(".jar", ".aot"));
        if (Files.exists(cache)) {
            cmd.add("-XX:AOTCache=" + cache); // made for this jar by this JDK at package time; a mismatch is ignored
            cmd.add("-Xlog:aot=off");
            cmd.add("-Xlog:cds=off");
        }
        cmd.add("-jar");
        cmd.add(jar.toString());
        return cmd;
    }

    /** Seconds from process start until {@code path} answers 200; polls every millisecond. */
    public double secondsUntil200(String path, double timeoutSeconds) throws IOException {
        long deadline = startedNanos + (long) (timeoutSeconds * 1e9);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("the service exited with code " + process.exitValue() + " before answering " + path);
            }
            if (status(port, path) == 200) {
                return (System.nanoTime() - startedNanos) / 1e9;
            }
            sleepMillis(1);
        }
        throw new IOException(path + " did not answer 200 within " + timeoutSeconds + " s");
    }

    /** The status of a GET, or -1 when nothing listens. */
    public static int status(int port, String path) {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(2000);
            OutputStream out = s.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            byte[] head = new byte[12];
            int n = in.readNBytes(head, 0, 12);
            return n < 12 ? -1 : Integer.parseInt(new String(head, 9, 3, StandardCharsets.US_ASCII));
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
    }

    /** Everything the service printed so far. */
    public String log() throws IOException {
        return Files.readString(log);
    }

    /** Seconds since the process was started. */
    public double secondsSinceStart() {
        return (System.nanoTime() - startedNanos) / 1e9;
    }

    public int status(String path) {
        return status(port, path);
    }

    public Process process() {
        return process;
    }

    public long pid() {
        return process.pid();
    }

    public int port() {
        return port;
    }

    /** Resident memory of the child, from /proc, in bytes. */
    public long residentBytes() {
        return procStatus("VmRSS:") * 1024;
    }

    public long threads() {
        return procStatus("Threads:");
    }

    /** A numeric field of /proc/PID/status (VmRSS: in kB, Threads:), or -1. */
    public long procStatus(String field) {
        return procStatus(process.pid(), field);
    }

    /** A numeric field of /proc/PID/status of any process, or -1 where there is none. */
    public static long procStatus(long pid, String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith(field)) return Long.parseLong(line.substring(field.length()).trim().split("\\s+")[0]);
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    public static void sleepMillis(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
