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
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The embedded default: each replica is a child JVM started from the jar the build made, on
 * 127.0.0.1 with its own port (replica n of a service: base port + 10·n). A probe every 250 ms reads
 * its state from /health and /ready; a sampler reports CPU and RSS each second; its output is streamed
 * line by line. Stopping kills the whole process tree, and so does the portal's shutdown.
 */
public final class LocalProcessRuntime implements ServiceRuntime {
    private static final long PROBE_MS = 250;

    private final Path repo;
    private final Map<LabService, Integer> basePorts;
    private final Map<LabService, Map<String, String>> env;
    private final List<RuntimeEvents> listeners = new CopyOnWriteArrayList<>();
    private final List<LocalReplica> replicas = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService monitor = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "replica-monitor");
        t.setDaemon(true);
        return t;
    });
    private final AtomicInteger sequence = new AtomicInteger();
    private final Thread shutdownHook = new Thread(this::close, "stop-replicas");
    private int ticks;

    /**
     * @param repo      the repository root, where {@code <service>/target/<service>.jar} was built
     * @param basePorts the first replica's port per service
     * @param env       extra environment per service (for example MODEL_URI for ml-api)
     */
    public LocalProcessRuntime(Path repo, Map<LabService, Integer> basePorts, Map<LabService, Map<String, String>> env) {
        this.repo = repo;
        this.basePorts = basePorts;
        this.env = env;
        monitor.scheduleWithFixedDelay(this::probeAll, PROBE_MS, PROBE_MS, TimeUnit.MILLISECONDS);
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    @Override
    public String name() {
        return "local processes";
    }

    @Override
    public synchronized List<Replica> start(LabService service) throws RuntimeFailure {
        if (running(service).isEmpty()) {
            launch(service, 0);
        }
        return replicas(service);
    }

    @Override
    public synchronized void stop(LabService service) {
        for (LocalReplica r : running(service)) {
            r.kill();
            publishState(r);
        }
        replicas.removeIf(r -> r.service == service);
    }

    @Override
    public synchronized List<Replica> restart(LabService service) throws RuntimeFailure {
        stop(service);
        return start(service);
    }

    @Override
    public synchronized List<Replica> scale(LabService service, int count) throws RuntimeFailure {
        if (count < 0 || count > 8) {
            throw new RuntimeFailure("replicas must be between 0 and 8, got " + count);
        }
        List<LocalReplica> live = running(service);
        for (int i = live.size(); i < count; i++) {
            launch(service, nextFreeIndex(service));
        }
        for (int i = live.size() - 1; i >= count; i--) {
            LocalReplica r = live.get(i);
            r.kill();
            publishState(r);
            replicas.remove(r);
        }
        return replicas(service);
    }

    @Override
    public List<Replica> replicas(LabService service) {
        List<Replica> out = new ArrayList<>();
        for (LocalReplica r : replicas) {
            if (r.service == service) out.add(r.snapshot());
        }
        return out;
    }

    @Override
    public void subscribe(RuntimeEvents listener) {
        listeners.add(listener);
    }

    @Override
    public void close() {
        monitor.shutdownNow();
        for (LocalReplica r : replicas) {
            r.kill();
        }
        replicas.clear();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // called from the hook itself
        }
    }

    private List<LocalReplica> running(LabService service) {
        List<LocalReplica> out = new ArrayList<>();
        for (LocalReplica r : replicas) {
            if (r.service == service && r.process.isAlive()) out.add(r);
        }
        return out;
    }

    private int nextFreeIndex(LabService service) {
        int i = 0;
        while (true) {
            int candidate = i;
            if (replicas.stream().noneMatch(r -> r.service == service && r.index == candidate && r.process.isAlive())) {
                return i;
            }
            i++;
        }
    }

    private void launch(LabService service, int index) throws RuntimeFailure {
        Path jar = repo.resolve(service.id()).resolve("target").resolve(service.id() + ".jar");
        if (!Files.exists(jar)) {
            throw new RuntimeFailure(service.id() + " is not built (no " + repo.relativize(jar)
                    + "): run mvn -B -ntp -q package -DskipTests");
        }
        int port = basePorts.getOrDefault(service, service.basePort()) + 10 * index;
        if (!portFree(port)) {
            throw new RuntimeFailure("port " + port + " on 127.0.0.1 is taken by another process; stop it or "
                    + "configure another port for " + service.id());
        }
        List<String> cmd = ServiceProcess.command(jar);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().putAll(env.getOrDefault(service, Map.of()));
        pb.environment().put("PORT", Integer.toString(port));
        pb.environment().put("BIND", "127.0.0.1");
        try {
            Process process = pb.start();
            LocalReplica r = new LocalReplica(service.id() + "-" + sequence.incrementAndGet(), service, index, port, process);
            replicas.add(r);
            streamOutput(r);
            publishState(r);
        } catch (IOException e) {
            throw new RuntimeFailure("could not start " + service.id() + ": " + e.getMessage());
        }
    }

    private static boolean portFree(int port) {
        try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private void streamOutput(LocalReplica r) {
        Thread t = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(r.process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    RuntimeEvents.LogLine l = new RuntimeEvents.LogLine(r.id, Instant.now(), line);
                    listeners.forEach(x -> x.log(l));
                }
            } catch (IOException ended) {
                // the process closed its output: it is exiting
            }
        }, "log-" + r.id);
        t.setDaemon(true);
        t.start();
    }

    private void probeAll() {
        boolean sampleNow = ticks++ % (1000 / PROBE_MS) == 0;
        for (LocalReplica r : replicas) {
            ReplicaState before = r.state;
            r.probe();
            if (r.state != before) publishState(r);
            if (sampleNow && r.process.isAlive()) {
                double[] s = r.resources.sample(r.process.toHandle());
                RuntimeEvents.ResourceSample sample = new RuntimeEvents.ResourceSample(r.id, Instant.now(), s[0], (long) s[1]);
                listeners.forEach(x -> x.sample(sample));
            }
        }
    }

    private void publishState(LocalReplica r) {
        Replica snapshot = r.snapshot();
        listeners.forEach(x -> x.stateChanged(snapshot));
    }

    /** A child JVM and what the monitor knows of it. */
    private static final class LocalReplica {
        final String id;
        final LabService service;
        final int index;
        final int port;
        final Process process;
        final Instant startedAt = Instant.now();
        final ProcessResources resources = new ProcessResources();
        volatile ReplicaState state = ReplicaState.STARTING;

        LocalReplica(String id, LabService service, int index, int port, Process process) {
            this.id = id;
            this.service = service;
            this.index = index;
            this.port = port;
            this.process = process;
        }

        void probe() {
            if (!process.isAlive()) {
                state = ReplicaState.EXITED;
            } else if (ServiceProcess.status(port, "/ready") == 200) {
                state = ReplicaState.READY;
            } else if (ServiceProcess.status(port, "/health") == 200) {
                state = ReplicaState.LIVE;
            } else if (state != ReplicaState.STARTING) {
                state = ReplicaState.STARTING; // was answering, now is not: a stall or a restart
            }
        }

        /** SIGTERM to the whole tree, children first; SIGKILL what is still there after 10 s. */
        void kill() {
            ProcessHandle root = process.toHandle();
            List<ProcessHandle> tree = new ArrayList<>(root.descendants().toList());
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
            state = ReplicaState.EXITED;
        }

        Replica snapshot() {
            Integer exit = process.isAlive() ? null : process.exitValue();
            return new Replica(id, service, port, state, startedAt, exit, false);
        }
    }
}
