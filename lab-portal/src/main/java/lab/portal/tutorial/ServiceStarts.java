package lab.portal.tutorial;

import lab.portal.activity.Cancellation;
import lab.portal.activity.Cancelled;
import lab.portal.activity.Wait;
import lab.portal.runtime.LabService;
import lab.portal.runtime.Replica;
import lab.portal.runtime.ReplicaState;
import lab.portal.runtime.RuntimeEvents;
import lab.portal.runtime.RuntimeFailure;
import lab.portal.runtime.ServiceRuntime;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;

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
    private final Cancellation cancellation;
    /** Services whose replicas' log lines go into the block's output (from the line that started one on). */
    private final Set<LabService> following = ConcurrentHashMap.newKeySet();

    ServiceStarts(ServiceRuntime runtime, Map<LabService, Integer> ports, BlockOutput output, Cancellation cancellation) {
        this.runtime = runtime;
        this.ports = ports;
        this.output = output;
        this.cancellation = cancellation;
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
        int port = start.portFrom(first);
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
                int running = runtime.running(service).size();
                runtime.scale(service, Math.max(running, index + 1));
            } catch (RuntimeFailure e) {
                output.note(service.id() + " could not be started: " + e.getMessage());
                return 1;
            }
        }
        Wait comingUp = Wait.until(service.id() + " on port " + port + (start.background() ? " starting" : " being ready"),
                        () -> replica(service, port).filter(r -> start.background() || r.state() == ReplicaState.READY).isPresent())
                .every(Duration.ofMillis(100)).timeout(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())))
                .failingWhen(() -> exited(service, port));
        try {
            comingUp.await(cancellation, Duration.ZERO);
        } catch (Wait.Failed f) {
            output.note(f.getMessage().contains("did not happen") ? service.id() + " on port " + port
                    + " is still starting; it keeps running (Services panel)" : f.getMessage());
            return 1;
        } catch (Cancelled c) {
            output.note(service.id() + " on port " + port + " is still starting; it keeps running (Services panel)");
            return 1;
        }
        Replica r = replica(service, port).orElseThrow();
        double s = (System.nanoTime() - started) / 1e9;
        LockSupport.parkNanos(Duration.ofMillis(LOG_GRACE_MS).toNanos()); // the lines it printed as it became ready are still on their way from its output
        output.note(start.background()
                ? service.id() + " started on 127.0.0.1:" + port + " in the background (" + r.state().name().toLowerCase(Locale.ROOT) + ")"
                : service.id() + " is ready on 127.0.0.1:" + port + String.format(Locale.ROOT, " (%.1f s after this line)", s));
        return 0;
    }

    /** The line that stops the replica a line before started in the background: the runtime stops it (the newest goes first). */
    int stop(BlockPlan.StopService stop) {
        LabService service = stop.service();
        int port = stop.portFrom(ports.get(service));
        output.append("$ " + stop.line() + "\n");
        List<Replica> running = runtime.running(service);
        if (running.stream().noneMatch(r -> r.port() == port)) {
            output.note(service.id() + " on port " + port + " is not running: nothing to stop");
            return 0;
        }
        if (running.stream().anyMatch(r -> r.port() > port)) {
            output.note(service.id() + " on port " + port + " keeps running: a newer replica runs above it (scale in the Services panel)");
            return 0;
        }
        try {
            runtime.scale(service, running.size() - 1);
        } catch (RuntimeFailure e) {
            output.note(service.id() + " on port " + port + " could not be stopped: " + e.getMessage());
            return 1;
        }
        output.note("the portal stopped this " + service.id() + " replica (port " + port + ") through its runtime");
        return 0;
    }

    /** Why the replica on this port will not come up any more (it exited), or null. */
    private String exited(LabService service, int port) {
        Optional<Replica> r = replica(service, port);
        if (r.isPresent() && r.get().running()) return null;
        return service.id() + " on port " + port + " exited" + r.map(x -> x.exitCode() == null ? "" : " with code " + x.exitCode()).orElse("")
                + r.filter(Replica::oomKilled).map(x -> ", killed for using more memory than its limit").orElse("")
                + ": see its log above and in the Services panel";
    }

    private Optional<Replica> replica(LabService service, int port) {
        return runtime.running(service).stream().filter(r -> r.port() == port).findFirst()
                .or(() -> runtime.replicas(service).stream().filter(r -> r.port() == port).findFirst());
    }
}
