package lab.portal.runtime;

import lab.bench.ServiceProcess;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The local-process runtime with the real service jars as child processes. */
class LocalProcessRuntimeIT {
    private static final Path REPO = Path.of(System.getProperty("lab.repo", ".."));
    private final RecordedEvents events = new RecordedEvents();
    private LocalProcessRuntime runtime;

    private LocalProcessRuntime runtime(Map<LabService, Integer> ports) {
        runtime = new LocalProcessRuntime(REPO, ports, Map.of(LabService.ML, Map.of("MODEL_URI", "offline")));
        runtime.subscribe(events);
        return runtime;
    }

    @AfterEach
    void close() {
        if (runtime != null) runtime.close();
    }

    private static boolean ready(List<Replica> replicas, int count) {
        return replicas.size() == count && replicas.stream().allMatch(r -> r.state() == ReplicaState.READY);
    }

    @Test
    void startsStreamsSamplesScalesAndStopsTheWholeTree() throws Exception {
        int base = ServiceProcess.freePort();
        LocalProcessRuntime rt = runtime(Map.of(LabService.TRADITIONAL, base));
        assertEquals("local processes", rt.name());
        rt.start(LabService.TRADITIONAL);
        RecordedEvents.await("traditional-api ready", () -> ready(rt.replicas(LabService.TRADITIONAL), 1), 30);
        Replica first = rt.replicas(LabService.TRADITIONAL).get(0);
        assertEquals(base, first.port());
        assertEquals(200, ServiceProcess.status(base, "/ready"));
        RecordedEvents.await("a log line", () -> events.logs.stream().anyMatch(l -> l.text().contains("JVM start -> listening")), 10);
        RecordedEvents.await("a resource sample", () -> events.samples.stream().anyMatch(s -> s.residentBytes() > 10_000_000), 10);

        rt.scale(LabService.TRADITIONAL, 2);
        RecordedEvents.await("two ready replicas", () -> ready(rt.replicas(LabService.TRADITIONAL), 2), 30);
        assertEquals(200, ServiceProcess.status(base + 10, "/ready"), "the second replica listens on base + 10");

        List<Long> pids = pids();
        assertEquals(2, pids.size(), "two child JVMs");
        rt.scale(LabService.TRADITIONAL, 1);
        assertEquals(1, rt.replicas(LabService.TRADITIONAL).size());
        assertEquals(-1, ServiceProcess.status(base + 10, "/health"), "the removed replica is gone");

        rt.stop(LabService.TRADITIONAL);
        assertTrue(rt.replicas(LabService.TRADITIONAL).isEmpty());
        for (long pid : pids) {
            assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "no orphan: pid " + pid);
        }
        assertTrue(events.states.stream().anyMatch(r -> r.state() == ReplicaState.EXITED));
    }

    @Test
    void theMlServiceIsLiveBeforeItIsReady() throws Exception {
        LocalProcessRuntime rt = runtime(Map.of(LabService.ML, ServiceProcess.freePort()));
        rt.start(LabService.ML);
        RecordedEvents.await("ml-api ready", () -> ready(rt.replicas(LabService.ML), 1), 120);
        assertTrue(events.liveBeforeReady(), "LIVE was reported before READY: " + events.states);
        rt.close();
        assertTrue(rt.replicas(LabService.ML).isEmpty(), "close() stops everything");
    }

    @Test
    void aTakenPortOrAMissingJarIsRefusedWithAReason() throws Exception {
        try (ServerSocket squatter = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            LocalProcessRuntime rt = runtime(Map.of(LabService.TRADITIONAL, squatter.getLocalPort()));
            ServiceRuntime.RuntimeFailure taken = assertThrows(ServiceRuntime.RuntimeFailure.class, () -> rt.start(LabService.TRADITIONAL));
            assertTrue(taken.getMessage().contains("port " + squatter.getLocalPort()), taken.getMessage());
        }
        Path empty = Files.createTempDirectory("no-build");
        try (LocalProcessRuntime unbuilt = new LocalProcessRuntime(empty, Map.of(), Map.of())) {
            ServiceRuntime.RuntimeFailure missing = assertThrows(ServiceRuntime.RuntimeFailure.class, () -> unbuilt.start(LabService.ML));
            assertTrue(missing.getMessage().contains("not built") && missing.getMessage().contains("mvn"), missing.getMessage());
        }
    }

    /** The service JVMs this test started (children of this JVM only). */
    private static List<Long> pids() {
        return ProcessHandle.current().descendants()
                .filter(p -> p.info().arguments().map(a -> String.join(" ", a).contains("traditional-api.jar")).orElse(false))
                .map(ProcessHandle::pid).toList();
    }
}
