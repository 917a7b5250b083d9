package lab.portal.runtime.docker;

import lab.portal.LabFixture;
import lab.portal.runtime.LabService;
import lab.portal.runtime.MemoryLimit;
import lab.portal.runtime.RecordedEvents;
import lab.portal.runtime.Replica;
import lab.portal.runtime.ReplicaSettings;
import lab.portal.runtime.ReplicaState;
import lab.portal.runtime.RuntimeFailure;
import lab.portal.runtime.ServiceSpec;

import com.github.dockerjava.api.DockerClient;
import lab.process.DockerCli;
import lab.process.ServiceProcess;
import lab.portal.content.Check;
import lab.portal.content.LabContent;
import lab.portal.evidence.Evidence;
import lab.portal.experiment.ExperimentCatalog;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Docker runtime on a real engine with the lab's real images, which the runtime builds itself from
 * the repository's Dockerfiles on the local base images (CI sets LAB_REQUIRE_DOCKER=1 so a missing
 * engine fails).
 */
class DockerRuntimeIT {
    private static final Path REPO = LabFixture.REPO;
    private static final String HOST = System.getenv().getOrDefault("DOCKER_HOST", "unix:///var/run/docker.sock");
    private static final Map<LabService, String> IMAGES = Map.of(
            LabService.TRADITIONAL, "inference-lab/traditional-api:runtime-it",
            LabService.ML, "inference-lab/ml-api:runtime-it");
    private static final Map<LabService, String> BASES = Map.of(
            LabService.TRADITIONAL, System.getenv().getOrDefault("LAB_BASE_IMAGE", "lab-local/jre:25"),
            LabService.ML, System.getenv().getOrDefault("LAB_ML_BASE_IMAGE", "lab-local/jre-ml:25"));
    private static final String CACHE_VOLUME = "inference-lab-model-cache-it";
    private static final RecordedEvents BUILD = new RecordedEvents();
    private final RecordedEvents events = new RecordedEvents();
    private DockerRuntime runtime;

    /** The runtime builds missing images on first need, streaming the build's output; a current image is not rebuilt. */
    @BeforeAll
    static void imagesAreBuiltOnFirstNeed() throws Exception {
        Assumptions.assumeTrue(DockerCli.availableForTests(), "no Docker engine reachable: start one with ../shared/tools/docker-engine.sh up");
        for (String image : IMAGES.values()) DockerCli.run("rmi", "-f", image);
        DockerCli.run("volume", "rm", "-f", CACHE_VOLUME);
        try (DockerRuntime rt = new DockerRuntime(DockerRuntime.connect(HOST), REPO, specs(Map.of(), Map.of()), CACHE_VOLUME, "it-builds")) {
            rt.subscribe(BUILD);
            assertFalse(rt.images().current(LabService.TRADITIONAL), "missing");
            rt.images().ensure(LabService.TRADITIONAL);
            rt.images().ensure(LabService.ML);
            for (LabService s : LabService.values()) {
                assertTrue(rt.images().current(s), s + " built and labelled with its inputs");
                assertTrue(BUILD.logs.stream().anyMatch(l -> l.replicaId().equals("image:" + s.id()) && l.text().startsWith("Step ")),
                        "the build's own output is streamed for " + s);
            }
            int lines = BUILD.logs.size();
            rt.images().ensure(LabService.ML);
            assertEquals(lines, BUILD.logs.size(), "a current image is not built again");
        }
        ImageBuilds otherBase = new ImageBuilds(DockerRuntime.connect(HOST), REPO, IMAGES,
                Map.of(LabService.TRADITIONAL, "some-other-jre:25", LabService.ML, "some-other-jre:25"), (a, b) -> { });
        assertFalse(otherBase.current(LabService.ML), "built from other inputs (here: another base image) is stale");

        // A newcomer's engine without the default base image and no registry to pull it from (a loopback
        // port nothing listens on): the failure names the base image and the setting that replaces it.
        String absent = "127.0.0.1:9/lab-absent/jre:25";
        List<String> lines = new java.util.concurrent.CopyOnWriteArrayList<>();
        ImageBuilds noBase = new ImageBuilds(DockerRuntime.connect(HOST), REPO, Map.of(LabService.TRADITIONAL, "inference-lab/traditional-api:no-base"),
                Map.of(LabService.TRADITIONAL, absent), (source, line) -> lines.add(line));
        var e = assertThrows(RuntimeFailure.class, () -> noBase.ensure(LabService.TRADITIONAL));
        assertTrue(e.getMessage().contains(absent + " is not in the engine and could not be pulled")
                && e.getMessage().contains("--lab.services.traditional.base-image"), e.getMessage());
        assertTrue(lines.stream().anyMatch(l -> l.contains("pulls it from its registry")), "said before the build: " + lines);
    }

    /** Both services as containers of the test's images, on the given ports, ml-api on its offline model. */
    private static Map<LabService, ServiceSpec> specs(Map<LabService, Integer> ports, Map<LabService, Long> limitsMb) {
        Map<LabService, ServiceSpec> specs = new java.util.EnumMap<>(LabService.class);
        for (LabService s : LabService.values()) {
            ReplicaSettings defaults = new ReplicaSettings(s == LabService.ML ? LabFixture.OFFLINE : Map.of(),
                    MemoryLimit.ofMegabytes(limitsMb.getOrDefault(s, 0L)));
            specs.put(s, new ServiceSpec(ports.getOrDefault(s, s.basePort()), defaults, IMAGES.get(s), BASES.get(s)));
        }
        return specs;
    }

    private String installation;

    private DockerRuntime runtime(Map<LabService, Integer> ports, Map<LabService, Long> limitsMb) {
        installation = "it-" + LabFixture.freePort();
        runtime = new DockerRuntime(DockerRuntime.connect(HOST), REPO, specs(ports, limitsMb), CACHE_VOLUME, installation);
        runtime.subscribe(events);
        return runtime;
    }

    @AfterEach
    void close() {
        if (runtime != null) {
            runtime.close();
        }
    }

    /** This test's containers: counted by its own installation, so another test's leftovers cannot change the count. */
    private int labelled() throws Exception {
        return labelled(DockerRuntime.INSTALLATION_LABEL + "=" + installation);
    }

    private static int labelled(String label) throws Exception {
        String out = DockerCli.run("ps", "-aq", "--filter", "label=" + label).trimmed();
        return out.isEmpty() ? 0 : out.split("\\s+").length;
    }

    /**
     * The cleanup's Docker half: the lab's labelled containers (here one a crashed portal of another
     * installation left) and volumes go, a container and a volume the lab did not make stay.
     */
    @Test
    void theCleanupRemovesTheLabsContainersAndVolumesAndNothingElse() throws Exception {
        DockerRuntime rt = runtime(Map.of(), Map.of());
        String suffix = installation, image = BASES.get(LabService.TRADITIONAL);
        String leftover = "inference-lab-it-leftover-" + suffix, labVolume = "inference-lab-it-volume-" + suffix;
        String stranger = "not-the-lab-" + suffix;
        try {
            assertEquals(0, DockerCli.run("create", "--name", leftover, "--network", "host", "--label", DockerRuntime.LABEL + "=true",
                    "--label", DockerRuntime.INSTALLATION_LABEL + "=a-crashed-portal", image, "true").exitCode());
            assertEquals(0, DockerCli.run("volume", "create", "--label", DockerRuntime.LABEL + "=true", labVolume).exitCode());
            assertEquals(0, DockerCli.run("create", "--name", stranger, "--network", "host", image, "true").exitCode());
            assertEquals(0, DockerCli.run("volume", "create", stranger).exitCode());

            lab.portal.runtime.LabResources removed = rt.removeLabResources();

            assertEquals(List.of(), removed.problems());
            assertTrue(removed.containers() >= 1 && removed.volumes().contains(labVolume), removed.toString());
            assertEquals(0, labelled(DockerRuntime.LABEL + "=true"), "no lab container is left on the engine");
            assertEquals("", DockerCli.run("volume", "ls", "-q", "--filter", "label=" + DockerRuntime.LABEL + "=true").trimmed(), "nor a lab volume");
            assertEquals(0, DockerCli.run("container", "inspect", stranger).exitCode(), "a container the lab did not make stays");
            assertEquals(0, DockerCli.run("volume", "inspect", stranger).exitCode(), "and a volume the lab did not make");
        } finally {
            DockerCli.run("rm", "-f", leftover, stranger);
            DockerCli.run("volume", "rm", "-f", labVolume, stranger);
        }
    }

    /** Experiment 6's offline model, exported by ml-api's image with no network and copied out, with no container left. */
    @Test
    void mlApisImageExportsTheOfflineModelIntoAFolderOnThePortalsSide() throws Exception {
        DockerRuntime rt = runtime(Map.of(), Map.of());
        Path dir = Files.createTempDirectory("export");
        rt.exportOfflineModel(dir);
        for (String file : List.of("model.onnx", "tokenizer.json", "head.json")) {
            assertTrue(Files.size(dir.resolve(file)) > 0, file + " in " + dir);
        }
        assertTrue(Files.size(dir.resolve("model.onnx")) > 10_000_000, "the encoder itself, not a stub");
        assertEquals(0, labelled(), "the export's container was removed");
    }

    @Test
    void containersComeUpStreamScaleAndAreRemoved() throws Exception {
        int base = LabFixture.freePort();
        DockerRuntime rt = runtime(Map.of(LabService.TRADITIONAL, base), Map.of());
        assertEquals("docker", rt.name());
        rt.start(LabService.TRADITIONAL);
        RecordedEvents.await("ready", () -> rt.replicas(LabService.TRADITIONAL).stream().anyMatch(r -> r.state() == ReplicaState.READY), 60);
        assertEquals(200, lab.process.Probe.status(base, "/ready"), "host networking: the container answers on 127.0.0.1");
        RecordedEvents.await("a log line", () -> events.logs.stream().anyMatch(l -> l.text().contains("JVM start -> listening")), 20);
        RecordedEvents.await("a stats sample", () -> events.samples.stream().anyMatch(s -> s.residentBytes() > 10_000_000), 20);

        rt.scale(LabService.TRADITIONAL, 2);
        RecordedEvents.await("two ready", () -> rt.replicas(LabService.TRADITIONAL).stream().filter(r -> r.state() == ReplicaState.READY).count() == 2, 60);
        assertEquals(2, labelled());
        rt.stop(LabService.TRADITIONAL);
        assertEquals(0, labelled(), "stopped containers are removed");
    }

    /**
     * The guide's clean-up step removes the lab's containers with docker rm -f, behind the runtime's back: each
     * replica shows as exited, and the next scale-out starts new containers instead of counting the gone ones.
     * (Only a replica whose last probe saw it running was kept as running, a race: the walk that found it
     * lost one replica of three, so three are removed here at once.)
     */
    @Test
    void containersRemovedFromOutsideShowAsExitedAndAreStartedAgain() throws Exception {
        int base = LabFixture.freePort();
        DockerRuntime rt = runtime(Map.of(LabService.TRADITIONAL, base), Map.of());
        rt.scale(LabService.TRADITIONAL, 3);
        RecordedEvents.await("three ready", () -> rt.replicas(LabService.TRADITIONAL).stream().filter(r -> r.state() == ReplicaState.READY).count() == 3, 90);
        List<String> gone = rt.replicas(LabService.TRADITIONAL).stream().map(Replica::id).toList();

        List<String> rm = new java.util.ArrayList<>(List.of("rm", "-f"));
        rm.addAll(List.of(DockerCli.run("ps", "-aq", "--filter", "label=" + DockerRuntime.INSTALLATION_LABEL + "=" + installation).trimmed().split("\\s+")));
        assertEquals(0, DockerCli.run(rm.toArray(String[]::new)).exitCode());

        RecordedEvents.await("all three shown as exited", () -> rt.replicas(LabService.TRADITIONAL).stream()
                .filter(r -> gone.contains(r.id())).allMatch(r -> r.state() == ReplicaState.EXITED), 20);
        rt.scale(LabService.TRADITIONAL, 3);
        RecordedEvents.await("three new replicas ready", () -> rt.replicas(LabService.TRADITIONAL).stream()
                .filter(r -> !gone.contains(r.id()) && r.state() == ReplicaState.READY).count() == 3, 90);
        assertEquals(3, labelled());
    }

    @Test
    void theMlContainerIsLiveBeforeItIsReady() throws Exception {
        DockerRuntime rt = runtime(Map.of(LabService.ML, LabFixture.freePort()), Map.of());
        rt.start(LabService.ML);
        RecordedEvents.await("ml-api ready", () -> rt.replicas(LabService.ML).stream().anyMatch(r -> r.state() == ReplicaState.READY), 120);
        assertTrue(events.liveBeforeReady(), "LIVE before READY: " + events.states);
    }

    /** Experiments know only the runtime interface: 1 and 4 run unchanged on containers, judged by the lab's checks. */
    @Test
    void experimentsRunUnchangedOnContainers() throws Exception {
        DockerRuntime rt = runtime(Map.of(LabService.TRADITIONAL, LabFixture.freePort(), LabService.ML, LabFixture.freePort()), Map.of());
        LabContent lab = LabFixture.content();
        ExperimentCatalog catalog = LabFixture.catalog();
        Evidence startup = LabFixture.run(catalog.find("startup").orElseThrow(), rt, Map.of("repetitions", 1));
        for (String svc : new String[]{"traditional", "ml"}) {
            double started = startup.figures().get(svc + ".started_s.median");
            assertTrue(started > 0 && started < startup.figures().get(svc + ".port_open_s.median"),
                    svc + ": creating and starting the container is its own phase before the port opens: " + startup.figures());
        }
        assertTrue(lab.check("ml-live-before-ready").evaluate(startup.figures()).passed(), startup.figures().toString());
        Evidence health = LabFixture.run(catalog.find("health").orElseThrow(), rt, Map.of());
        for (Check check : lab.checks()) {
            if (check.experiment().equals("health")) {
                Check.Result r = check.evaluate(health.figures());
                assertTrue(r.passed() || check.id().equals("refused-while-loading"), check.id() + ": " + r.message());
            }
        }
    }

    @Test
    void aTooSmallMemoryLimitShowsAsOomKilled() throws Exception {
        DockerRuntime rt = runtime(Map.of(LabService.TRADITIONAL, LabFixture.freePort()), Map.of(LabService.TRADITIONAL, 24L));
        rt.start(LabService.TRADITIONAL);
        RecordedEvents.await("the OOM kill", () -> rt.replicas(LabService.TRADITIONAL).stream().anyMatch(r -> r.state() == ReplicaState.EXITED), 60);
        Replica dead = rt.replicas(LabService.TRADITIONAL).get(0);
        assertTrue(dead.oomKilled(), "OOM-killed: " + dead);
        assertEquals(137, dead.exitCode());
    }

    @Test
    void everyMlContainerMountsTheOneModelCacheVolumeAndLeavesNoAnonymousVolume() throws Exception {
        List<String> danglingBefore = unusedVolumes();
        DockerRuntime rt = runtime(Map.of(LabService.ML, LabFixture.freePort()), Map.of());
        for (int start = 1; start <= 2; start++) {
            List<Replica> started = rt.start(LabService.ML);
            RecordedEvents.await("ml-api ready", () -> rt.replicas(LabService.ML).stream().anyMatch(r -> r.state() == ReplicaState.READY), 120);
            String mounts = DockerCli.run("ps", "-q", "--filter", "label=" + DockerRuntime.LABEL + "=true", "--filter", "volume=" + CACHE_VOLUME).trimmed();
            assertFalse(mounts.isEmpty(), "the container mounts " + CACHE_VOLUME);
            var info = LabFixture.JSON.readTree(DockerCli.run("exec", containerOf(started.get(0)), "wget", "-q", "-O", "-",
                    "http://127.0.0.1:" + started.get(0).port() + "/info").trimmed());
            if (start == 2) {
                assertTrue(info.path("model_from_cache").asBoolean(false), "the second container finds the model in the shared cache: " + info);
            }
            rt.stop(LabService.ML);
        }
        rt.scale(LabService.ML, 2);
        rt.scale(LabService.ML, 0);
        rt.close();
        assertEquals(0, labelled(), "no container is left");
        assertEquals(danglingBefore, unusedVolumes(), "no anonymous volume is left after stop, scale-down and close");
        assertEquals(0, DockerCli.run("volume", "inspect", CACHE_VOLUME).exitCode(), "the cache itself stays");
    }

    /** Volumes no container uses, but for the cache (which is meant to outlive its containers). */
    private static List<String> unusedVolumes() throws Exception {
        return DockerCli.run("volume", "ls", "-q", "--filter", "dangling=true").trimmed().lines()
                .filter(v -> !v.equals(CACHE_VOLUME)).sorted().toList();
    }

    private static String containerOf(Replica r) throws Exception {
        return DockerCli.run("ps", "-q", "--filter", "label=" + DockerRuntime.LABEL + "=true", "--filter", "name=-" + r.port() + "$").trimmed();
    }

    @Test
    void onlyThisPortalsContainersAreTouchedAndTheNextStartRemovesWhatACrashLeft() throws Exception {
        String bystander = DockerCli.run("create", "--network", "host", "--name", "not-the-labs-" + LabFixture.freePort(),
                "lab-local/jre:25", "sleep", "1").trimmed();
        int port = LabFixture.freePort();
        DockerRuntime other = new DockerRuntime(DockerRuntime.connect(HOST), REPO, specs(Map.of(LabService.TRADITIONAL, LabFixture.freePort()), Map.of()),
                CACHE_VOLUME, "another-portal");
        try {
            other.start(LabService.TRADITIONAL);
            // A portal that died without closing its runtime: its container stays, labelled with its installation.
            DockerRuntime crashed = new DockerRuntime(DockerRuntime.connect(HOST), REPO, specs(Map.of(LabService.TRADITIONAL, port), Map.of()),
                    CACHE_VOLUME, "it-crashed");
            crashed.start(LabService.TRADITIONAL);
            assertEquals(1, labelled(DockerRuntime.INSTALLATION_LABEL + "=it-crashed"));
            try (DockerRuntime next = new DockerRuntime(DockerRuntime.connect(HOST), REPO, specs(Map.of(LabService.TRADITIONAL, port), Map.of()),
                    CACHE_VOLUME, "it-crashed")) {
                assertEquals(0, labelled(DockerRuntime.INSTALLATION_LABEL + "=it-crashed"), "the next start removed the crashed portal's container");
                assertEquals(1, labelled(DockerRuntime.INSTALLATION_LABEL + "=another-portal"), "another portal's container is left alone");
                assertEquals(0, DockerCli.run("inspect", bystander).exitCode(), "a container without the label is left alone");
                next.start(LabService.TRADITIONAL); // the port and the name are free again
                RecordedEvents.await("ready again", () -> next.replicas(LabService.TRADITIONAL).stream().anyMatch(r -> r.state() == ReplicaState.READY), 60);
            }
        } finally {
            other.close();
            DockerCli.run("rm", "-f", bystander);
        }
    }

    @Test
    void unbuildableImagesAndAMissingEngineAreExplained() throws Exception {
        DockerClient client = DockerRuntime.connect(HOST);
        assertNull(DockerRuntime.unreachableReason(client));
        Path noJars = Files.createTempDirectory("no-jars");
        Files.copy(REPO.resolve("Dockerfile.ml"), noJars.resolve("Dockerfile.ml"));
        Map<LabService, ServiceSpec> specs = Map.of(LabService.ML, new ServiceSpec(LabFixture.freePort(), LabFixture.settings(Map.of()),
                "inference-lab/ml-api:does-not-exist", BASES.get(LabService.ML)));
        try (DockerRuntime noImages = new DockerRuntime(client, noJars, specs, CACHE_VOLUME, "it-no-jars")) {
            var e = assertThrows(RuntimeFailure.class, () -> noImages.start(LabService.ML));
            assertTrue(e.getMessage().contains("cannot be built here") && e.getMessage().contains("ml-api/target/ml-api.jar")
                    && e.getMessage().contains("docker build"), e.getMessage());
        }
        DockerClient nowhere = DockerRuntime.connect("unix:///tmp/no-docker-here.sock");
        assertTrue(DockerRuntime.unreachableReason(nowhere).contains("no Docker engine answers"));
    }
}
