package lab.portal.runtime;

import lab.bench.ServiceProcess;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The embedded default: each replica is a child JVM started from the jar the build made, on
 * 127.0.0.1 with its own port; its output is streamed line by line, CPU and RSS read from /proc.
 * Stopping kills the whole process tree, and so does the portal's shutdown (a JVM shutdown hook).
 */
public final class LocalProcessRuntime extends ReplicaRuntime {
    private final Path repo;
    private final Map<LabService, Map<String, String>> env;
    private final AtomicInteger sequence = new AtomicInteger();
    private final Thread shutdownHook = new Thread(this::close, "stop-replicas");

    /**
     * @param repo      the repository root, where {@code <service>/target/<service>.jar} was built
     * @param basePorts the first replica's port per service
     * @param env       extra environment per service (for example MODEL_URI for ml-api)
     */
    public LocalProcessRuntime(Path repo, Map<LabService, Integer> basePorts, Map<LabService, Map<String, String>> env) {
        super(basePorts);
        this.repo = repo;
        this.env = env;
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    @Override
    public String name() {
        return "local processes";
    }

    @Override
    public void close() {
        super.close();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // called from the hook itself
        }
    }

    @Override
    ManagedReplica launch(LabService service, int index, int port) throws RuntimeFailure {
        Path jar = repo.resolve(service.id()).resolve("target").resolve(service.id() + ".jar");
        if (!Files.exists(jar)) {
            throw new RuntimeFailure(service.id() + " is not built (no " + repo.relativize(jar)
                    + "): run ./mvnw -B -ntp -q package -DskipTests");
        }
        if (!portFree(port)) {
            throw new RuntimeFailure("port " + port + " on 127.0.0.1 is taken by another process; stop it or "
                    + "configure another port for " + service.id());
        }
        ProcessBuilder pb = new ProcessBuilder(ServiceProcess.command(jar)).redirectErrorStream(true);
        pb.environment().putAll(env.getOrDefault(service, Map.of()));
        pb.environment().put("PORT", Integer.toString(port));
        pb.environment().put("BIND", "127.0.0.1");
        try {
            ProcessReplica r = new ProcessReplica(service.id() + "-" + sequence.incrementAndGet(), service, index, port, pb.start());
            streamOutput(r);
            return r;
        } catch (IOException e) {
            throw new RuntimeFailure("could not start " + service.id() + ": " + e.getMessage());
        }
    }

    /** Whether nothing listens on 127.0.0.1:port. */
    public static boolean portFree(int port) {
        try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private void streamOutput(ProcessReplica r) {
        Thread t = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(r.process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    log(r.id, line);
                }
            } catch (IOException ended) {
                // the process closed its output: it is exiting
            }
        }, "log-" + r.id);
        t.setDaemon(true);
        t.start();
    }

    /** A child JVM. */
    private static final class ProcessReplica extends ManagedReplica {
        final Process process;
        final ProcessResources resources = new ProcessResources();

        ProcessReplica(String id, LabService service, int index, int port, Process process) {
            super(id, service, index, port);
            this.process = process;
        }

        @Override
        boolean running() {
            return process.isAlive();
        }

        @Override
        Integer exitCode() {
            return process.isAlive() ? null : process.exitValue();
        }

        @Override
        double[] sample() {
            return resources.sample(process.toHandle());
        }

        /** SIGTERM to the whole tree, children first; SIGKILL what is still there after 10 s. */
        @Override
        void kill() {
            List<ProcessHandle> tree = new ArrayList<>(process.toHandle().descendants().toList());
            tree.forEach(ProcessHandle::destroy);
            process.destroy();
            try {
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    tree.forEach(ProcessHandle::destroyForcibly);
                    process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
            tree.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
        }
    }
}
