package lab.portal.runtime;

import com.github.dockerjava.api.DockerClient;
import lab.bench.DockerCli;
import lab.bench.ServiceProcess;
import lab.portal.content.Check;
import lab.portal.content.LabContent;
import lab.portal.experiment.Evidence;
import lab.portal.experiment.ExperimentProgress;
import lab.portal.experiment.HealthDuringRestartExperiment;
import lab.portal.experiment.StartupExperiment;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Docker runtime on a real engine with the lab's real images (built here from the repository's
 * Dockerfiles on the local base images; CI sets LAB_REQUIRE_DOCKER=1 so a missing engine fails).
 */
class DockerRuntimeIT {
    private static final Path REPO = Path.of(System.getProperty("lab.repo", ".."));
    private static final Map<LabService, String> IMAGES = Map.of(
            LabService.TRADITIONAL, "inference-lab/traditional-api:runtime-it",
            LabService.ML, "inference-lab/ml-api:runtime-it");
    private final RecordedEvents events = new RecordedEvents();
    private DockerRuntime runtime;

    @BeforeAll
    static void buildImages() throws Exception {
        Assumptions.assumeTrue(DockerCli.availableForTests(), "no Docker engine reachable: start one with ../shared/tools/docker-engine.sh up");
        build("Dockerfile.traditional", System.getenv().getOrDefault("LAB_BASE_IMAGE", "lab-local/jre:17"), IMAGES.get(LabService.TRADITIONAL));
        build("Dockerfile.ml", System.getenv().getOrDefault("LAB_ML_BASE_IMAGE", "lab-local/jre-ml:17"), IMAGES.get(LabService.ML));
    }

    private static void build(String dockerfile, String base, String tag) throws Exception {
        DockerCli.Result r = DockerCli.run("build", "--network", "host", "--pull=false", "--build-arg", "BASE_IMAGE=" + base,
                "-f", REPO.resolve(dockerfile).toString(), "-t", tag, REPO.toString());
        assertEquals(0, r.exitCode(), r.output());
    }

    private DockerRuntime runtime(Map<LabService, Integer> ports, Map<LabService, Long> limits) {
        DockerClient client = DockerRuntime.connect(System.getenv().getOrDefault("DOCKER_HOST", "unix:///var/run/docker.sock"));
        runtime = new DockerRuntime(client, IMAGES, ports, Map.of(LabService.ML, Map.of("MODEL_URI", "offline")), limits);
        runtime.subscribe(events);
        return runtime;
    }

    @AfterEach
    void close() {
        if (runtime != null) {
            runtime.close();
        }
    }

    private static int labelled() throws Exception {
        String out = DockerCli.run("ps", "-aq", "--filter", "label=" + DockerRuntime.LABEL + "=true").trimmed();
        return out.isEmpty() ? 0 : out.split("\\s+").length;
    }

    @Test
    void containersComeUpStreamScaleAndAreRemoved() throws Exception {
        int base = ServiceProcess.freePort();
        DockerRuntime rt = runtime(Map.of(LabService.TRADITIONAL, base), Map.of());
        assertEquals("docker", rt.name());
        rt.start(LabService.TRADITIONAL);
        RecordedEvents.await("ready", () -> rt.replicas(LabService.TRADITIONAL).stream().anyMatch(r -> r.state() == ReplicaState.READY), 60);
        assertEquals(200, ServiceProcess.status(base, "/ready"), "host networking: the container answers on 127.0.0.1");
        RecordedEvents.await("a log line", () -> events.logs.stream().anyMatch(l -> l.text().contains("JVM start -> listening")), 20);
        RecordedEvents.await("a stats sample", () -> events.samples.stream().anyMatch(s -> s.residentBytes() > 10_000_000), 20);

        rt.scale(LabService.TRADITIONAL, 2);
        RecordedEvents.await("two ready", () -> rt.replicas(LabService.TRADITIONAL).stream().filter(r -> r.state() == ReplicaState.READY).count() == 2, 60);
        assertEquals(2, labelled());
        rt.stop(LabService.TRADITIONAL);
        assertEquals(0, labelled(), "stopped containers are removed");
    }

    @Test
    void theMlContainerIsLiveBeforeItIsReady() throws Exception {
        DockerRuntime rt = runtime(Map.of(LabService.ML, ServiceProcess.freePort()), Map.of());
        rt.start(LabService.ML);
        RecordedEvents.await("ml-api ready", () -> rt.replicas(LabService.ML).stream().anyMatch(r -> r.state() == ReplicaState.READY), 120);
        assertTrue(events.liveBeforeReady(), "LIVE before READY: " + events.states);
    }

    /** Experiments know only the runtime interface: 1 and 4 run unchanged on containers, judged by the lab's checks. */
    @Test
    void experimentsRunUnchangedOnContainers() throws Exception {
        DockerRuntime rt = runtime(Map.of(LabService.TRADITIONAL, ServiceProcess.freePort(), LabService.ML, ServiceProcess.freePort()), Map.of());
        LabContent lab = LabContent.load(REPO.resolve("content/lab.yaml"));
        Evidence startup = new StartupExperiment(Duration.ofSeconds(180)).run(rt, 1, ExperimentProgress.NONE);
        for (String svc : new String[]{"traditional", "ml"}) {
            double started = startup.figures().get(svc + ".started_s.median");
            assertTrue(started > 0 && started < startup.figures().get(svc + ".port_open_s.median"),
                    svc + ": creating and starting the container is its own phase before the port opens: " + startup.figures());
        }
        assertTrue(lab.check("ml-live-before-ready").evaluate(startup.figures()).passed(), startup.figures().toString());
        Evidence health = new HealthDuringRestartExperiment(Duration.ofSeconds(180)).run(rt, 250, 4, ExperimentProgress.NONE);
        for (Check check : lab.checks()) {
            if (check.experiment().equals("health")) {
                Check.Result r = check.evaluate(health.figures());
                assertTrue(r.passed() || check.id().equals("refused-while-loading"), check.id() + ": " + r.message());
            }
        }
    }

    @Test
    void aTooSmallMemoryLimitShowsAsOomKilled() throws Exception {
        DockerRuntime rt = runtime(Map.of(LabService.TRADITIONAL, ServiceProcess.freePort()), Map.of(LabService.TRADITIONAL, 24L * 1024 * 1024));
        rt.start(LabService.TRADITIONAL);
        RecordedEvents.await("the OOM kill", () -> rt.replicas(LabService.TRADITIONAL).stream().anyMatch(r -> r.state() == ReplicaState.EXITED), 60);
        Replica dead = rt.replicas(LabService.TRADITIONAL).get(0);
        assertTrue(dead.oomKilled(), "OOM-killed: " + dead);
        assertEquals(137, dead.exitCode());
    }

    @Test
    void onlyLabelledContainersAreTouchedAndMissingImagesAreExplained() throws Exception {
        String bystander = DockerCli.run("create", "--network", "host", "--name", "not-the-labs-" + ServiceProcess.freePort(),
                "lab-local/jre:17", "sleep", "1").trimmed();
        try {
            DockerRuntime rt = runtime(Map.of(), Map.of());
            rt.removeAllLabelled();
            assertEquals(0, DockerCli.run("inspect", bystander).exitCode(), "a container without the label is left alone");
        } finally {
            DockerCli.run("rm", "-f", bystander);
        }
        DockerClient client = DockerRuntime.connect(System.getenv().getOrDefault("DOCKER_HOST", "unix:///var/run/docker.sock"));
        assertNull(DockerRuntime.unreachableReason(client));
        try (DockerRuntime noImages = new DockerRuntime(client, Map.of(LabService.ML, "inference-lab/ml-api:does-not-exist"),
                Map.of(LabService.ML, ServiceProcess.freePort()), Map.of(), Map.of())) {
            var e = assertThrows(ServiceRuntime.RuntimeFailure.class, () -> noImages.start(LabService.ML));
            assertTrue(e.getMessage().contains("docker build") && e.getMessage().contains("Dockerfile.ml"), e.getMessage());
        }
        DockerClient nowhere = DockerRuntime.connect("unix:///tmp/no-docker-here.sock");
        assertTrue(DockerRuntime.unreachableReason(nowhere).contains("no Docker engine answers"));
    }
}
