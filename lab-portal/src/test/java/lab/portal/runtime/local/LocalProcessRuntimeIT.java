package lab.portal.runtime.local;

import lab.portal.LabFixture;
import lab.portal.runtime.LabService;
import lab.portal.runtime.MemoryLimit;
import lab.portal.runtime.RecordedEvents;
import lab.portal.runtime.Replica;
import lab.portal.runtime.ReplicaSettings;
import lab.portal.runtime.ReplicaState;
import lab.portal.runtime.RuntimeFailure;
import lab.portal.runtime.ServiceRuntime;
import lab.portal.runtime.ServiceSpec;
import lab.process.Probe;
import lab.process.ProcessTree;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The local-process runtime with the real service jars as child processes. */
class LocalProcessRuntimeIT {
    private final RecordedEvents events = new RecordedEvents();
    private LocalProcessRuntime runtime;

    private LocalProcessRuntime runtime(Map<LabService, ServiceSpec> services) {
        runtime = LabFixture.localRuntime(services);
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
        int base = LabFixture.freePort();
        LocalProcessRuntime rt = runtime(Map.of(LabService.TRADITIONAL, LabFixture.local(base, Map.of())));
        assertThat(rt.name()).isEqualTo("local processes");
        rt.start(LabService.TRADITIONAL);
        RecordedEvents.await("traditional-api ready", () -> ready(rt.replicas(LabService.TRADITIONAL), 1), 30);
        assertThat(rt.replicas(LabService.TRADITIONAL).get(0).port()).isEqualTo(base);
        assertThat(Probe.status(base, "/ready")).isEqualTo(200);
        RecordedEvents.await("a log line", () -> events.logs.stream().anyMatch(l -> l.text().contains("JVM start -> listening")), 10);
        RecordedEvents.await("a resource sample", () -> events.samples.stream().anyMatch(s -> s.residentBytes() > 10_000_000), 10);

        rt.scale(LabService.TRADITIONAL, 2);
        RecordedEvents.await("two ready replicas", () -> ready(rt.replicas(LabService.TRADITIONAL), 2), 30);
        assertThat(Probe.status(base + 10, "/ready")).as("the second replica listens on base + 10").isEqualTo(200);

        List<Long> pids = pids();
        assertThat(pids).as("two child JVMs").hasSize(2);
        rt.scale(LabService.TRADITIONAL, 1);
        assertThat(rt.replicas(LabService.TRADITIONAL)).hasSize(1);
        assertThat(Probe.status(base + 10, "/health")).as("the removed replica is gone").isEqualTo(-1);

        rt.stop(LabService.TRADITIONAL);
        assertThat(rt.replicas(LabService.TRADITIONAL)).isEmpty();
        for (long pid : pids) {
            // Gone when stop returns: exited (a zombie the JVM's reaper has yet to collect has exited too) or reaped.
            assertThat(ProcessHandle.of(pid).map(ProcessTree::running).orElse(false)).as("no orphan: pid " + pid).isFalse();
        }
        assertThat(events.states).anyMatch(r -> r.state() == ReplicaState.EXITED);
        assertThatThrownBy(() -> rt.scale(LabService.TRADITIONAL, ServiceRuntime.MAX_REPLICAS + 1))
                .hasMessageContaining("between 0 and " + ServiceRuntime.MAX_REPLICAS);
    }

    @Test
    void theMlServiceIsLiveBeforeItIsReady() throws Exception {
        LocalProcessRuntime rt = runtime(Map.of(LabService.ML, LabFixture.local(LabFixture.freePort(), LabFixture.OFFLINE)));
        rt.start(LabService.ML);
        RecordedEvents.await("ml-api ready", () -> ready(rt.replicas(LabService.ML), 1), 120);
        assertThat(events.liveBeforeReady()).as("LIVE was reported before READY: " + events.states).isTrue();
        rt.close();
        assertThat(rt.replicas(LabService.ML)).as("close() stops everything").isEmpty();
    }

    @Test
    void aTakenPortOrAMissingJarIsRefusedWithAReason() throws Exception {
        try (ServerSocket squatter = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            LocalProcessRuntime rt = runtime(Map.of(LabService.TRADITIONAL, LabFixture.local(squatter.getLocalPort(), Map.of())));
            assertThatThrownBy(() -> rt.start(LabService.TRADITIONAL)).isInstanceOf(RuntimeFailure.class)
                    .hasMessageContaining("port " + squatter.getLocalPort());
        }
        Path empty = Files.createTempDirectory("no-build");
        try (LocalProcessRuntime unbuilt = new LocalProcessRuntime(empty, Map.of(), null)) {
            assertThatThrownBy(() -> unbuilt.start(LabService.ML)).isInstanceOf(RuntimeFailure.class)
                    .hasMessageContainingAll("not built", "mvnw");
        }
    }

    /**
     * A portal killed outright leaves its children running; the next start, with the same record, stops
     * them (and only them: a process that merely reuses a recorded pid is somebody else's).
     */
    @Test
    void theNextStartStopsWhatAKilledPortalLeftRunning() throws Exception {
        Crashed c = crashedPortal();
        // As after kill -9: the runtime never closes, its shutdown hook never runs. Only its record remains.
        assertThat(Files.readString(c.record())).contains(String.valueOf(c.pids().get(0)));
        Files.writeString(c.record(), "1 0\n", java.nio.file.StandardOpenOption.APPEND); // pid 1 never started at instant 0

        try (LocalProcessRuntime next = new LocalProcessRuntime(LabFixture.REPO, c.services(), c.record())) {
            for (long pid : c.pids()) {
                assertThat(ProcessHandle.of(pid).map(ProcessTree::running).orElse(false)).as("the leftover pid " + pid + " was stopped").isFalse();
            }
            assertThat(ProcessHandle.of(1).map(ProcessHandle::isAlive)).as("an unrelated process is left alone").contains(true);
            next.start(LabService.TRADITIONAL);
            RecordedEvents.await("the port is free again for a new replica", () -> Probe.status(c.port(), "/ready") == 200, 30);
        } finally {
            c.runtime().close();
        }
    }

    /** Killed between starting a child and recording it: the child is unknown to the record, but carries the mark. */
    @Test
    void aChildTheRecordNeverSawIsStoppedByItsMark() throws Exception {
        Crashed c = crashedPortal();
        Files.writeString(c.record(), ""); // as if the kill came before the line was written

        Path otherRecord = Files.createTempDirectory("another-portal").resolve("children");
        try (LocalProcessRuntime other = new LocalProcessRuntime(LabFixture.REPO, c.services(), otherRecord)) {
            assertThat(c.pids()).as("another installation's start leaves them alone").allMatch(pid -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
        }
        try (LocalProcessRuntime next = new LocalProcessRuntime(LabFixture.REPO, c.services(), c.record())) {
            for (long pid : c.pids()) {
                assertThat(ProcessHandle.of(pid).map(ProcessTree::running).orElse(false)).as("the unrecorded leftover pid " + pid + " was stopped").isFalse();
            }
        } finally {
            c.runtime().close();
        }
    }

    /** A portal that started traditional-api and then died outright: its runtime is never closed, its shutdown hook never runs. */
    private record Crashed(Path record, int port, Map<LabService, ServiceSpec> services, LocalProcessRuntime runtime, List<Long> pids) {
    }

    private static Crashed crashedPortal() throws Exception {
        Path record = Files.createTempDirectory("portal-state").resolve("children");
        int port = LabFixture.freePort();
        Map<LabService, ServiceSpec> services = Map.of(LabService.TRADITIONAL, LabFixture.local(port, Map.of()));
        LocalProcessRuntime crashed = new LocalProcessRuntime(LabFixture.REPO, services, record);
        crashed.start(LabService.TRADITIONAL);
        RecordedEvents.await("traditional-api ready", () -> Probe.status(port, "/ready") == 200, 30);
        return new Crashed(record, port, services, crashed, pids());
    }

    @Test
    void aRunsMemoryLimitKillsAReplicaThatPassesItAsTheKernelWould() throws Exception {
        LocalProcessRuntime rt = runtime(LabFixture.services());
        ReplicaSettings tight = rt.defaults(LabService.ML).withEnv(Map.of("BATCH_SIZE", "4")).withMemoryLimit(MemoryLimit.ofMegabytes(96));
        rt.start(LabService.ML, tight);
        RecordedEvents.await("ml-api killed for its memory", () -> rt.replicas(LabService.ML).stream().anyMatch(Replica::oomKilled), 60);
        Replica killed = rt.replicas(LabService.ML).get(0);
        RecordedEvents.await("the probe seeing it gone", () -> rt.replicas(LabService.ML).get(0).state() == ReplicaState.EXITED, 5);
        assertThat(rt.replicas(LabService.ML).get(0).exitCode()).as("SIGKILL").isEqualTo(137);
        assertThat(killed.settings().env()).containsEntry("BATCH_SIZE", "4").containsEntry("MODEL_URI", "offline");
        assertThat(events.logs).anyMatch(l -> l.text().contains("passed its memory limit of 96 MB"));

        rt.restart(LabService.ML);
        RecordedEvents.await("without the limit it becomes ready", () -> ready(rt.replicas(LabService.ML), 1), 120);
        assertThat(rt.replicas(LabService.ML).get(0).settings()).as("a start that says nothing gets the configured settings")
                .isEqualTo(rt.defaults(LabService.ML));
    }

    /** The service JVMs this test started (children of this JVM only). */
    private static List<Long> pids() {
        return ProcessHandle.current().descendants()
                .filter(p -> p.info().arguments().map(a -> String.join(" ", a).contains("traditional-api.jar")).orElse(false))
                .map(ProcessHandle::pid).toList();
    }
}
