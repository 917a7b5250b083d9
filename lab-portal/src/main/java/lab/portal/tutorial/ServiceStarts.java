package lab.portal.tutorial;

import lab.portal.runtime.LabService;
import lab.portal.runtime.Replica;
import lab.portal.runtime.ReplicaState;
import lab.portal.runtime.RuntimeEvents;
import lab.portal.runtime.ServiceRuntime;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;

/**
 * The block's lines that start a service, done by the runtime: it starts the replica that line's port
 * belongs to (replica n listens on the service's port + 10·n) unless it runs already, and waits until
 * it is ready, or only until it started for a line ending in {@code &}. The replica's log comes into
 * the block's output as it would in a terminal, until the block ends.
 */
final class ServiceStarts implements RuntimeEvents {
    private static final long LOG_GRACE_MS = 500;

    private final ServiceRuntime runtime;
    private final Map<LabService, Integer> ports;
    private final BlockOutput output;
    private final BooleanSupplier cancelled;
    /** Services whose replicas' log lines go into the block's output (from the line that started one on). */
    private final Set<LabService> following = ConcurrentHashMap.newKeySet();

    ServiceStarts(ServiceRuntime runtime, Map<LabService, Integer> ports, BlockOutput output, BooleanSupplier cancelled) {
        this.runtime = runtime;
        this.ports = ports;
        this.output = output;
        this.cancelled = cancelled;
    }

    @Override
    public void log(LogLine line) {
        // its replicas' lines, and the image build's when the Docker runtime builds it first
        if (following.stream().anyMatch(s -> line.replicaId().startsWith(s.id() + "-") || line.replicaId().equals("image:" + s.id()))) {
            output.append("[" + line.replicaId() + "] " + line.text() + "\n");
        }
    }

    int start(BlockPlan.StartService start, long deadline) {
        LabService service = start.service();
        int first = ports.get(service);
        int port = start.port() == null ? first : start.port();
        output.append("$ " + start.line() + "\n");
        if (port < first || (port - first) % 10 != 0 || (port - first) / 10 >= ServiceRuntime.MAX_REPLICAS) {
            output.note("port " + port + " is not one of " + service.id() + "'s replica ports here (" + first + ", " + (first + 10)
                    + ", ...: the portal's configuration); nothing started");
            return 2;
        }
        int index = (port - first) / 10;
        output.note("the portal starts this " + service.id() + " replica through its runtime (" + runtime.name()
                + "), so it is tracked in the Services panel and stopped with the portal");
        long started = System.nanoTime();
        following.add(service);
        Optional<Replica> existing = replica(service, port);
        if (existing.isPresent()) {
            output.note(service.id() + " already runs on 127.0.0.1:" + port + " (" + existing.get().state().name().toLowerCase(Locale.ROOT)
                    + "): nothing to start; stop it in the Services panel to see it start again");
        } else {
            try {
                int running = (int) runtime.replicas(service).stream().filter(r -> r.state() != ReplicaState.EXITED).count();
                runtime.scale(service, Math.max(running, index + 1));
            } catch (ServiceRuntime.RuntimeFailure e) {
                output.note(service.id() + " could not be started: " + e.getMessage());
                return 1;
            }
        }
        while (true) {
            Optional<Replica> r = replica(service, port);
            if (r.isEmpty() || r.get().state() == ReplicaState.EXITED) {
                output.note(service.id() + " on port " + port + " exited" + r.map(x -> x.exitCode() == null ? "" : " with code " + x.exitCode()).orElse("")
                        + r.filter(Replica::oomKilled).map(x -> ", killed for using more memory than its limit").orElse("")
                        + ": see its log above and in the Services panel");
                return 1;
            }
            if (start.background() || r.get().state() == ReplicaState.READY) {
                double s = (System.nanoTime() - started) / 1e9;
                pause(LOG_GRACE_MS); // the lines it printed as it became ready are still on their way from its output
                output.note(start.background()
                        ? service.id() + " started on 127.0.0.1:" + port + " in the background (" + r.get().state().name().toLowerCase(Locale.ROOT) + ")"
                        : service.id() + " is ready on 127.0.0.1:" + port + String.format(Locale.ROOT, " (%.1f s after this line)", s));
                return 0;
            }
            if (cancelled.getAsBoolean() || System.nanoTime() > deadline) {
                output.note(service.id() + " on port " + port + " is still starting; it keeps running (Services panel)");
                return 1;
            }
            if (!pause(100)) return 1;
        }
    }

    private static boolean pause(long millis) {
        try {
            Thread.sleep(millis);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private Optional<Replica> replica(LabService service, int port) {
        return runtime.replicas(service).stream().filter(r -> r.port() == port && r.state() != ReplicaState.EXITED).findFirst()
                .or(() -> runtime.replicas(service).stream().filter(r -> r.port() == port).findFirst());
    }
}
