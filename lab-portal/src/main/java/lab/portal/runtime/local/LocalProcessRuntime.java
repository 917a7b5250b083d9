package lab.portal.runtime.local;

import lab.process.ProcStatus;

import lab.portal.runtime.Installation;
import lab.portal.runtime.LabService;
import lab.portal.runtime.ManagedReplica;
import lab.portal.runtime.ReplicaRuntime;
import lab.portal.runtime.ReplicaSettings;
import lab.portal.runtime.RuntimeEvents;
import lab.portal.runtime.RuntimeFailure;
import lab.portal.runtime.ServiceSpec;

import lab.process.ProcessTree;
import lab.process.ServiceCommand;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;

/**
 * The embedded default: each replica is a child JVM started from the jar the build made, on
 * 127.0.0.1 with its own port; its output is streamed line by line, CPU and RSS read from /proc.
 * Stopping kills the whole process tree, and so does the portal's shutdown (a JVM shutdown hook). A
 * portal that was killed outright (kill -9) cannot do that: every child is recorded in a file and carries
 * the installation's mark on its command line, and the next start stops what the last one left running,
 * so its ports are free again.
 */
public final class LocalProcessRuntime extends ReplicaRuntime {
    private static final Logger LOG = Logger.getLogger(LocalProcessRuntime.class.getName());

    private final Path repo;
    private final ChildRecord record;
    private final AtomicInteger sequence = new AtomicInteger();
    private final Thread shutdownHook = new Thread(this::close, "stop-replicas");

    /**
     * @param repo     the repository root, where {@code <service>/target/<service>.jar} was built
     * @param services each service's port and environment
     * @param record   the file that remembers the children this portal started (null: none kept)
     */
    public LocalProcessRuntime(Path repo, Map<LabService, ServiceSpec> services, Path record) {
        super(services);
        this.repo = repo;
        this.record = record == null ? null : new ChildRecord(record);
        if (this.record != null) {
            List<Long> stopped = this.record.stopLeftovers();
            if (!stopped.isEmpty()) {
                LOG.warning("stopped " + stopped.size() + " service process(es) the last portal left running (pids " + stopped
                        + "): it ended without stopping them");
            }
        }
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    @Override
    public String name() {
        return "local processes";
    }

    @Override
    public String replicaPath(String name) {
        return scratch().resolve(name).toString();
    }

    @Override
    public void discardReplicaPath(String name) {
        Path dir = scratch().resolve(name);
        if (!Files.isDirectory(dir)) return;
        try (var all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        } catch (IOException e) {
            LOG.warning("could not delete " + dir + ": " + e.getMessage());
        }
    }

    /** Beside the record of children, in the portal's data folder; a temporary folder where none is kept. */
    private Path scratch() {
        return record != null ? record.file.getParent().resolve("scratch") : Path.of(System.getProperty("java.io.tmpdir"), "inference-lab-scratch");
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

    private Path builtJar(LabService service) throws RuntimeFailure {
        Path jar = repo.resolve(service.id()).resolve("target").resolve(service.id() + ".jar");
        if (!Files.exists(jar)) {
            throw new RuntimeFailure(service.id() + " is not built (no " + repo.relativize(jar)
                    + "): run ./mvnw -B -ntp -q package -DskipTests");
        }
        return jar;
    }

    @Override
    public void exportOfflineModel(Path dir) throws RuntimeFailure {
        ProcessBuilder pb = ServiceCommand.processBuilder(builtJar(LabService.ML));
        pb.command().addAll(List.of("export-offline", dir.toString()));
        try {
            Path output = Files.createTempFile("export-offline", ".log");
            Process p = pb.redirectErrorStream(true).redirectOutput(output.toFile()).start();
            boolean exited = p.waitFor(2, TimeUnit.MINUTES);
            if (!exited) p.destroyForcibly().waitFor();
            String out = Files.readString(output);
            Files.deleteIfExists(output);
            if (!exited || p.exitValue() != 0) {
                throw new RuntimeFailure("ml-api could not export its offline model" + (exited ? "" : " within 2 minutes") + ": " + out.strip());
            }
        } catch (IOException e) {
            throw new RuntimeFailure("could not run ml-api to export its offline model: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RuntimeFailure("interrupted while ml-api exported its offline model");
        }
    }

    @Override
    protected ManagedReplica launch(LabService service, int index, int port, ReplicaSettings settings) throws RuntimeFailure {
        Path jar = builtJar(service);
        if (!portFree(port)) {
            throw new RuntimeFailure("port " + port + " on 127.0.0.1 is taken by another process; stop it or "
                    + "configure another port for " + service.id() + " (lab.services." + service.key() + ".port)");
        }
        ProcessBuilder pb = ServiceCommand.processBuilder(jar).redirectErrorStream(true);
        if (record != null) pb.command().add(1, record.mark);
        pb.environment().putAll(settings.env());
        pb.environment().put("PORT", Integer.toString(port));
        pb.environment().put("BIND", "127.0.0.1");
        try {
            Process process = pb.start();
            if (record != null) record.add(process.toHandle());
            ProcessReplica r = new ProcessReplica(service.id() + "-" + sequence.incrementAndGet(), service, index, port, settings, process);
            streamOutput(r);
            return r;
        } catch (IOException e) {
            throw new RuntimeFailure("could not start " + service.id() + ": " + e.getMessage());
        }
    }

    private void streamOutput(ProcessReplica r) {
        Thread t = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(r.process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    log(r.id(), line);
                }
            } catch (IOException ended) {
                // the process closed its output: it is exiting
            }
        }, "log-" + r.id());
        t.setDaemon(true);
        t.start();
    }

    /**
     * Replicas are the portal's children: a running one's CPU time is in its /proc entry (with its own
     * children's), a stopped one's was added to the portal's count of exited children when it was
     * reaped. Block shells, the portal's other children, count too: they are the lab's as well.
     */
    @Override
    public double replicaCpuSeconds() {
        return ProcStatus.descendants(ProcessHandle.current()).cpuSeconds();
    }

    /** A child JVM. */
    private final class ProcessReplica extends ManagedReplica {
        final Process process;
        final ProcessResources resources = new ProcessResources();
        volatile boolean killedForMemory;

        ProcessReplica(String id, LabService service, int index, int port, ReplicaSettings settings, Process process) {
            super(id, service, index, port, settings);
            this.process = process;
        }

        @Override
        protected boolean running() {
            return process.isAlive();
        }

        @Override
        protected Integer exitCode() {
            return process.isAlive() ? null : process.exitValue();
        }

        @Override
        protected boolean oomKilled() {
            return killedForMemory;
        }

        /** CPU and resident memory of the replica and everything it started. */
        @Override
        protected RuntimeEvents.ResourceSample sample() {
            return resources.sample(id, process.toHandle());
        }

        /**
         * A local process has no cgroup to enforce its limit, so the portal does, as the kernel's OOM
         * killer would: SIGKILL once its resident memory (its children's included) passes the limit. Read
         * every probe (250 ms) rather than with the once-a-second samples: a small model loads and
         * answers ready within a second.
         */
        @Override
        protected void enforceMemoryLimit() {
            if (!settings.memoryLimit().limited() || !process.isAlive()) return;
            long resident = ProcStatus.tree(process.toHandle()).residentBytes();
            if (resident <= settings.memoryLimit().bytes()) return;
            killedForMemory = true;
            log(id, String.format(Locale.ROOT, "killed by the portal: resident memory %.0f MB passed its memory limit of %s "
                    + "(a local process has no cgroup, so the portal enforces the limit as the kernel would)", resident / 1048576.0,
                    settings.memoryLimit()));
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            awaitReaped(); // gone before the probe that follows could see it answer
        }

        /**
         * SIGTERM to the whole tree, children first: the service drains (its requests in progress finish,
         * up to its grace) and exits; SIGKILL what is still there after 15 s.
         */
        @Override
        protected void kill() {
            ProcessTree.stop(ProcessTree.of(process.toHandle()), Duration.ofSeconds(15));
            awaitReaped();
            if (record != null) record.remove(process.pid());
        }

        /**
         * Until the JDK's reaper has waited for the exited replica, its CPU time is in no counter (not in
         * /proc for the zombie, not yet in the portal's cutime), and replicaCpuSeconds() would drop by all
         * of it; ProcessTree.stop and a SIGKILL return before that.
         */
        private void awaitReaped() {
            try {
                process.waitFor(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * The children this portal started, one line each ({@code pid start-instant}), so a portal that was
     * killed outright can be cleaned up after: the next start stops each recorded process that still runs
     * and started at the recorded instant (a reused pid belongs to someone else and is left alone). A kill
     * between starting a child and recording it would leave that child unknown, so each child also carries
     * the installation's {@link #mark} among its JVM arguments, and the next start stops those too.
     */
    static final class ChildRecord {
        final Path file;
        /** A system property naming this installation (its data directory), harmless to the service's JVM. */
        final String mark;

        ChildRecord(Path file) {
            this.file = file;
            this.mark = "-Dinference-lab.installation=" + Installation.of(file.toAbsolutePath().getParent());
        }

        synchronized void add(ProcessHandle p) {
            Optional<Instant> started = p.info().startInstant();
            try {
                Files.createDirectories(file.getParent());
                Files.writeString(file, p.pid() + " " + started.map(Instant::toEpochMilli).orElse(0L) + "\n",
                        java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
            } catch (IOException e) {
                LOG.warning("could not record child process " + p.pid() + " in " + file + ": " + e.getMessage());
            }
        }

        synchronized void remove(long pid) {
            try {
                if (!Files.exists(file)) return;
                List<String> keep = Files.readAllLines(file).stream().filter(l -> !l.startsWith(pid + " ")).toList();
                Files.write(file, keep);
            } catch (IOException e) {
                LOG.warning("could not update " + file + ": " + e.getMessage());
            }
        }

        /** Stops every recorded or marked process that still runs; returns their pids. The record is empty afterwards. */
        synchronized List<Long> stopLeftovers() {
            List<Long> stopped = new ArrayList<>();
            ProcessHandle.allProcesses()
                    .filter(p -> p.info().arguments().map(args -> List.of(args).contains(mark)).orElse(false))
                    .forEach(p -> {
                        ProcessTree.stop(ProcessTree.of(p), Duration.ofSeconds(5));
                        stopped.add(p.pid());
                    });
            try {
                if (!Files.exists(file)) return stopped;
                for (String line : Files.readAllLines(file)) {
                    String[] f = line.trim().split("\\s+");
                    if (f.length != 2) continue;
                    long pid = Long.parseLong(f[0]);
                    long startedMillis = Long.parseLong(f[1]);
                    Optional<ProcessHandle> p = ProcessHandle.of(pid);
                    if (p.isPresent() && p.get().isAlive() && sameStart(p.get(), startedMillis)) {
                        ProcessTree.stop(ProcessTree.of(p.get()), Duration.ofSeconds(5));
                        stopped.add(pid);
                    }
                }
                Files.delete(file);
            } catch (IOException | RuntimeException e) {
                LOG.warning("could not read " + file + " to stop what a previous portal left: " + e.getMessage());
            }
            return stopped;
        }

        private static boolean sameStart(ProcessHandle p, long startedMillis) {
            return p.info().startInstant().map(i -> Math.abs(i.toEpochMilli() - startedMillis) < 2000).orElse(false);
        }
    }
}
