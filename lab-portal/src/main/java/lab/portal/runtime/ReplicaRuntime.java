package lab.portal.runtime;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * What both runtimes share: the replica bookkeeping, start/stop/scale, replica n of a service on base
 * port + 10·n, and a monitor that probes every replica each 250 ms and samples its resources once a
 * second. A subclass says how to launch a replica, and what must be ready before one can launch (an
 * image): that preparation runs before the lock every start takes, so a long image build holds up no
 * other start and no probe.
 */
public abstract class ReplicaRuntime implements ServiceRuntime {
    private static final long PROBE_MS = 250;

    private final Map<LabService, ServiceSpec> services;
    private final List<RuntimeEvents> listeners = new CopyOnWriteArrayList<>();
    private final List<ManagedReplica> replicas = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService monitor = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "replica-monitor");
        t.setDaemon(true);
        return t;
    });
    private int ticks;

    protected ReplicaRuntime(Map<LabService, ServiceSpec> services) {
        this.services = Map.copyOf(services);
        monitor.scheduleWithFixedDelay(this::probeAll, PROBE_MS, PROBE_MS, TimeUnit.MILLISECONDS);
    }

    /** The service's configuration; its default port and nothing else where none was given. */
    protected ServiceSpec spec(LabService service) {
        return services.getOrDefault(service, ServiceSpec.local(service.basePort(), new ReplicaSettings(Map.of(), MemoryLimit.NONE)));
    }

    @Override
    public ReplicaSettings defaults(LabService service) {
        return spec(service).defaults();
    }

    /** Whatever must exist before a replica of the service can launch (an image); may take long; no lock is held. */
    protected void prepare(LabService service) throws RuntimeFailure {
    }

    /** Starts replica {@code index} of the service on {@code port} with these settings. */
    protected abstract ManagedReplica launch(LabService service, int index, int port, ReplicaSettings settings) throws RuntimeFailure;

    @Override
    public List<Replica> start(LabService service, ReplicaSettings settings) throws RuntimeFailure {
        prepare(service);
        synchronized (this) {
            if (managedRunning(service).isEmpty()) add(service, 0, settings);
        }
        return replicas(service);
    }

    @Override
    public synchronized void stop(LabService service) {
        for (ManagedReplica r : managedRunning(service)) {
            remove(r);
        }
        replicas.removeIf(r -> r.service == service);
    }

    @Override
    public List<Replica> scale(LabService service, int count, ReplicaSettings settings) throws RuntimeFailure {
        if (count < 0 || count > MAX_REPLICAS) {
            throw new RuntimeFailure("replicas must be between 0 and " + MAX_REPLICAS + ", got " + count);
        }
        if (count > managedRunning(service).size()) prepare(service);
        synchronized (this) {
            List<ManagedReplica> live = managedRunning(service);
            for (int i = live.size(); i < count; i++) {
                add(service, nextFreeIndex(service), settings);
            }
            for (int i = live.size() - 1; i >= count; i--) {
                remove(live.get(i));
            }
        }
        return replicas(service);
    }

    @Override
    public List<Replica> replicas(LabService service) {
        List<Replica> out = new ArrayList<>();
        for (ManagedReplica r : replicas) {
            if (r.service == service) out.add(r.snapshot());
        }
        return out;
    }

    @Override
    public void rebuildImage(LabService service) throws RuntimeFailure {
        throw new RuntimeFailure("images are built only with the Docker runtime; this portal uses " + name());
    }

    @Override
    public LabResources removeLabResources() {
        return LabResources.NOTHING;
    }

    @Override
    public void subscribe(RuntimeEvents listener) {
        listeners.add(listener);
    }

    @Override
    public void unsubscribe(RuntimeEvents listener) {
        listeners.remove(listener);
    }

    @Override
    public void close() {
        monitor.shutdownNow();
        for (ManagedReplica r : replicas) {
            r.kill();
        }
        replicas.clear();
    }

    private void add(LabService service, int index, ReplicaSettings settings) throws RuntimeFailure {
        int port = spec(service).port() + 10 * index;
        ManagedReplica r = launch(service, index, port, settings);
        replicas.add(r);
        publishState(r);
    }

    private void remove(ManagedReplica r) {
        // One last look first: a replica that became ready since the last probe is reported as ready
        // before it goes, so listeners see every state it reached (and can ask it what it served).
        ReplicaState before = r.state();
        r.probe();
        if (r.state() != before) publishState(r);
        r.kill();
        r.exited();
        publishState(r);
        replicas.remove(r);
    }

    private List<ManagedReplica> managedRunning(LabService service) {
        List<ManagedReplica> out = new ArrayList<>();
        for (ManagedReplica r : replicas) {
            if (r.service == service && r.running()) out.add(r);
        }
        return out;
    }

    private int nextFreeIndex(LabService service) {
        int i = 0;
        while (true) {
            int candidate = i;
            if (replicas.stream().noneMatch(r -> r.service == service && r.index == candidate && r.running())) {
                return i;
            }
            i++;
        }
    }

    private void probeAll() {
        boolean sampleNow = ticks++ % (1000 / PROBE_MS) == 0;
        for (ManagedReplica r : replicas) {
            if (r.state() != ReplicaState.EXITED) r.enforceMemoryLimit();
            ReplicaState before = r.state();
            r.probe();
            if (r.state() != before) publishState(r);
            if (sampleNow && r.state() != ReplicaState.EXITED) {
                RuntimeEvents.ResourceSample s = r.sample();
                if (s != null) sample(s);
            }
        }
    }

    /** Whether nothing listens on 127.0.0.1:port (binding it is the only sure test). */
    protected static boolean portFree(int port) {
        try (java.net.ServerSocket s = new java.net.ServerSocket(port, 1, java.net.InetAddress.getLoopbackAddress())) {
            return true;
        } catch (java.io.IOException e) {
            return false;
        }
    }

    protected void log(String replicaId, String text) {
        RuntimeEvents.LogLine line = new RuntimeEvents.LogLine(replicaId, Instant.now(), text);
        listeners.forEach(x -> x.log(line));
    }

    protected void sample(RuntimeEvents.ResourceSample sample) {
        listeners.forEach(x -> x.sample(sample));
    }

    private void publishState(ManagedReplica r) {
        Replica snapshot = r.snapshot();
        listeners.forEach(x -> x.stateChanged(snapshot));
    }
}
