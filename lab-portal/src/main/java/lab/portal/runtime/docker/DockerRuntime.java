package lab.portal.runtime.docker;

import lab.portal.runtime.LabResources;
import lab.portal.runtime.LabService;
import lab.portal.runtime.ManagedReplica;
import lab.portal.runtime.ReplicaRuntime;
import lab.portal.runtime.ReplicaSettings;
import lab.portal.runtime.RuntimeEvents;
import lab.portal.runtime.RuntimeFailure;
import lab.portal.runtime.ServiceSpec;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.CreateContainerResponse;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.HealthCheck;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.MemoryStatsConfig;
import com.github.dockerjava.api.model.Statistics;
import com.github.dockerjava.api.model.Volume;
import com.github.dockerjava.api.command.InspectVolumeResponse;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.zerodep.ZerodepDockerHttpClient;

import java.io.Closeable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;

/**
 * The lab's services as containers on a Docker engine (docker-java): host networking with the port
 * from configuration, an optional memory limit, the engine's stats stream (CPU %, memory minus page
 * cache, as {@code docker stats} shows it) and log stream. Images are built from the repository when
 * missing or stale ({@link ImageBuilds}); every ml-api container mounts the one named model-cache volume
 * compose uses, so a model is downloaded once, not once per container. It only ever touches containers
 * carrying the lab's label, and removes what it created (with any anonymous volume) when it closes.
 */
public final class DockerRuntime extends ReplicaRuntime {
    public static final String LABEL = "inference-lab.managed";
    /** Which portal installation (data directory) made a container: a crashed portal's leftovers are found by it. */
    public static final String INSTALLATION_LABEL = "inference-lab.installation";
    /** Where ml-api keeps downloaded models and unpacked native libraries inside its container (Dockerfile.ml). */
    static final String MODEL_CACHE_PATH = "/models";
    private static final Logger LOG = Logger.getLogger(DockerRuntime.class.getName());

    private final DockerClient docker;
    private final String modelCacheVolume;
    private final String installation;
    private final ImageBuilds builds;
    private final AtomicInteger sequence = new AtomicInteger();
    /** Each container's CPU time so far (ns), from its latest stats frame; kept after it is removed. */
    private final Map<String, Long> containerCpuNanos = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * @param repo             the repository root, whose Dockerfiles and jars the images are built from
     * @param services         each service's port, environment, image, base image and memory limit
     * @param modelCacheVolume the named volume mounted at /models in every ml-api container
     * @param installation     this portal's installation id; its leftover containers are removed now
     */
    public DockerRuntime(DockerClient docker, Path repo, Map<LabService, ServiceSpec> services, String modelCacheVolume,
                         String installation) {
        super(services);
        this.docker = docker;
        this.modelCacheVolume = modelCacheVolume;
        this.installation = installation;
        Map<LabService, String> images = new EnumMap<>(LabService.class);
        Map<LabService, String> bases = new EnumMap<>(LabService.class);
        for (LabService s : LabService.values()) {
            images.put(s, spec(s).image());
            bases.put(s, spec(s).baseImage());
        }
        this.builds = new ImageBuilds(docker, repo, images, bases, this::log);
        int left = removeOwnContainers();
        if (left > 0) LOG.warning("removed " + left + " container(s) the last portal left running: it ended without removing them");
    }

    /** The lab's images on this engine: whether each is current, and its builds. */
    public ImageBuilds images() {
        return builds;
    }

    /** The image, built when it is missing or stale: before the lock a start takes, so a build holds up no other start. */
    @Override
    protected void prepare(LabService service) throws RuntimeFailure {
        String reason = unreachableReason(docker);
        if (reason != null) throw new RuntimeFailure(reason);
        builds.ensure(service);
    }

    @Override
    public void rebuildImage(LabService service) {
        builds.rebuildInBackground(service);
    }

    /** A client for the engine at {@code dockerHost} (e.g. unix:///var/run/docker.sock). */
    public static DockerClient connect(String dockerHost) {
        DefaultDockerClientConfig config = DefaultDockerClientConfig.createDefaultConfigBuilder()
                .withDockerHost(dockerHost).build();
        return DockerClientImpl.getInstance(config, new ZerodepDockerHttpClient.Builder()
                .dockerHost(config.getDockerHost()).connectionTimeout(Duration.ofSeconds(3))
                .responseTimeout(Duration.ofSeconds(60)).build());
    }

    /** Null when the engine answers, else why not, in words a learner can act on. */
    public static String unreachableReason(DockerClient docker) {
        try {
            docker.pingCmd().exec();
            return null;
        } catch (RuntimeException e) {
            String m = String.valueOf(e.getMessage());
            if (m.contains("Permission denied") || m.contains("EACCES")) {
                return "the Docker socket is not permitted for this user (add it to the docker group, or run the portal where it may): " + m;
            }
            return "no Docker engine answers (" + m + "); start one, or use the local-process runtime";
        }
    }

    @Override
    public String name() {
        return "docker";
    }

    @Override
    public String replicaPath(String name) {
        return MODEL_CACHE_PATH + "/" + name;
    }

    @Override
    public void discardReplicaPath(String name) {
        // inside the model-cache volume: the portal has no way in without a container; the cleanup removes the volume
    }

    @Override
    protected ManagedReplica launch(LabService service, int index, int port, ReplicaSettings settings) throws RuntimeFailure {
        if (!portFree(port)) {
            throw new RuntimeFailure("port " + port + " on 127.0.0.1 is taken; stop what uses it or configure another port");
        }
        List<String> vars = new ArrayList<>(List.of("PORT=" + port, "BIND=127.0.0.1"));
        settings.env().forEach((k, v) -> vars.add(k + "=" + v));
        HostConfig host = HostConfig.newHostConfig().withNetworkMode("host");
        if (settings.memoryLimit().limited()) host.withMemory(settings.memoryLimit().bytes()).withMemorySwap(settings.memoryLimit().bytes());
        String id = service.id() + "-" + sequence.incrementAndGet();
        try {
            if (service == LabService.ML) {
                host.withBinds(new Bind(modelCache(), new Volume(MODEL_CACHE_PATH)));
            }
            Map<String, String> labels = Map.of(LABEL, "true", INSTALLATION_LABEL, installation, "inference-lab.service", service.id(),
                    "inference-lab.replica", Integer.toString(index));
            // The image's HEALTHCHECK is for compose; here the portal probes every replica itself, and the
            // engine's check (a process exec'd in the container every 5 s) would spend CPU on the very
            // cores an experiment measures.
            CreateContainerResponse created = docker.createContainerCmd(builds.image(service))
                    .withName("inference-lab-" + installation + "-" + id + "-" + port)
                    .withHealthcheck(new HealthCheck().withTest(List.of("NONE")))
                    .withLabels(labels).withEnv(vars).withHostConfig(host).exec();
            docker.startContainerCmd(created.getId()).exec();
            ContainerReplica r = new ContainerReplica(id, service, index, port, settings, created.getId());
            r.follow();
            return r;
        } catch (RuntimeException e) { // the engine's refusals (a name in use, a limit it cannot set): a reason, not a crash
            throw new RuntimeFailure("the engine could not start " + service.id() + ": " + e.getMessage());
        }
    }

    /** ml-api's image, run once with no network, exports the offline model; see {@link OfflineExport}. */
    @Override
    public void exportOfflineModel(Path dir) throws RuntimeFailure {
        prepare(LabService.ML);
        OfflineExport.run(docker, builds.image(LabService.ML), "inference-lab-" + installation + "-export-" + sequence.incrementAndGet(),
                Map.of(LABEL, "true", INSTALLATION_LABEL, installation, "inference-lab.purpose", "export-offline"), dir);
    }

    /**
     * The model-cache volume, created with the lab's label when it does not exist yet (compose creates the
     * same name). Never removed with a container: it is the cache that makes the next start skip the download.
     */
    private String modelCache() {
        String name = modelCacheVolume;
        try {
            docker.inspectVolumeCmd(name).exec();
        } catch (NotFoundException absent) {
            docker.createVolumeCmd().withName(name).withLabels(Map.of(LABEL, "true", "inference-lab.purpose", "model-cache")).exec();
        }
        return name;
    }

    /** Removes every container this installation of the portal made (and nothing else); returns how many. */
    public int removeOwnContainers() {
        try {
            var mine = docker.listContainersCmd().withShowAll(true)
                    .withLabelFilter(Map.of(LABEL, "true", INSTALLATION_LABEL, installation)).exec();
            mine.forEach(c -> docker.removeContainerCmd(c.getId()).withForce(true).withRemoveVolumes(true).exec());
            return mine.size();
        } catch (RuntimeException e) {
            LOG.warning("could not list this portal's containers: " + e.getMessage());
            return 0;
        }
    }

    /**
     * Removes everything the lab's portals made on this engine, whichever installation made it: containers
     * with the lab's label, then the lab's labelled volumes (the model cache). Images stay: they are rebuilt
     * only when their inputs change. Containers that compose started are compose's to remove.
     */
    @Override
    public LabResources removeLabResources() {
        List<String> problems = new ArrayList<>();
        int containers = 0;
        try {
            for (var c : docker.listContainersCmd().withShowAll(true).withLabelFilter(Map.of(LABEL, "true")).exec()) {
                docker.removeContainerCmd(c.getId()).withForce(true).withRemoveVolumes(true).exec();
                containers++;
            }
        } catch (RuntimeException e) {
            problems.add("containers: " + e.getMessage());
        }
        List<String> volumes = new ArrayList<>();
        try {
            var listed = docker.listVolumesCmd().withFilter("label", List.of(LABEL + "=true")).exec().getVolumes();
            for (var v : listed == null ? List.<InspectVolumeResponse>of() : listed) {
                try {
                    docker.removeVolumeCmd(v.getName()).exec();
                    volumes.add(v.getName());
                } catch (RuntimeException inUse) {
                    problems.add("volume " + v.getName() + ": " + inUse.getMessage() + " (is a compose stack using it? docker-compose down first)");
                }
            }
        } catch (RuntimeException e) {
            problems.add("volumes: " + e.getMessage());
        }
        return new LabResources(containers, volumes, problems);
    }

    /** A container and its two streams (logs, stats). */
    /** From the containers' stats (once a second): a container stopped loses at most its last second. */
    @Override
    public double replicaCpuSeconds() {
        return containerCpuNanos.values().stream().mapToLong(Long::longValue).sum() / 1e9;
    }

    private final class ContainerReplica extends ManagedReplica {
        final String containerId;
        final List<Closeable> streams = new ArrayList<>();
        private volatile InspectContainerResponse.ContainerState lastState;
        /** The engine no longer knows the container: removed from outside the portal. */
        private volatile boolean removed;

        ContainerReplica(String id, LabService service, int index, int port, ReplicaSettings settings, String containerId) {
            super(id, service, index, port, settings);
            this.containerId = containerId;
        }

        void follow() {
            streams.add(docker.logContainerCmd(containerId).withFollowStream(true).withStdOut(true).withStdErr(true)
                    .withTail(100).exec(new ResultCallback.Adapter<Frame>() {
                        @Override
                        public void onNext(Frame frame) {
                            for (String line : new String(frame.getPayload(), StandardCharsets.UTF_8).split("\\R")) {
                                if (!line.isEmpty()) log(id, line);
                            }
                        }
                    }));
            streams.add(docker.statsCmd(containerId).exec(new ResultCallback.Adapter<Statistics>() {
                @Override
                public void onNext(Statistics s) {
                    if (s.getCpuStats() != null && s.getCpuStats().getCpuUsage() != null && s.getCpuStats().getCpuUsage().getTotalUsage() != null) {
                        containerCpuNanos.merge(containerId, s.getCpuStats().getCpuUsage().getTotalUsage(), Math::max);
                    }
                    DockerRuntime.this.sample(new RuntimeEvents.ResourceSample(id, Instant.now(), cpuPercent(s, startedAt()), memoryWithoutCache(s)));
                }
            }));
        }

        private InspectContainerResponse.ContainerState state() {
            try {
                lastState = docker.inspectContainerCmd(containerId).exec().getState();
            } catch (NotFoundException gone) {
                // Removed behind the portal's back (the guide's clean-up step runs docker rm -f): it runs no more,
                // whatever its last state said. Taken for running, it stayed "starting" in the table for good, and
                // the next experiment waited 300 s for a replica that scale() would not start again.
                removed = true;
            }
            return lastState;
        }

        @Override
        protected boolean running() {
            InspectContainerResponse.ContainerState s = state();
            return !removed && s != null && Boolean.TRUE.equals(s.getRunning());
        }

        /** Null where it is not known: never seen, or removed while it was running. */
        @Override
        protected Integer exitCode() {
            InspectContainerResponse.ContainerState s = lastState;
            return s == null || Boolean.TRUE.equals(s.getRunning()) ? null : s.getExitCode();
        }

        @Override
        protected boolean oomKilled() {
            return lastState != null && Boolean.TRUE.equals(lastState.getOOMKilled());
        }

        @Override
        protected RuntimeEvents.ResourceSample sample() {
            return null; // the engine's stats stream reports on its own, about once a second
        }

        @Override
        protected void kill() {
            for (Closeable c : streams) {
                try {
                    c.close();
                } catch (Exception ignored) {
                    // a stream that is already closed
                }
            }
            try {
                docker.stopContainerCmd(containerId).withTimeout(10).exec();
            } catch (RuntimeException alreadyStopped) {
                // not running any more
            }
            state();
            try {
                docker.removeContainerCmd(containerId).withForce(true).withRemoveVolumes(true).exec();
            } catch (NotFoundException gone) {
                // removed already
            }
        }
    }

    /** As docker stats: the container's CPU time over the host's, times the CPUs, in percent. */
    /**
     * CPU in percent of one core over the frame's second; on the first frame (no previous reading) over
     * the container's life so far, so a container stopped soon after its start does not seem idle.
     */
    static double cpuPercent(Statistics s, Instant started) {
        if (s.getCpuStats() == null || s.getCpuStats().getCpuUsage() == null) return 0;
        if (s.getPreCpuStats() == null || s.getPreCpuStats().getCpuUsage() == null || nz(s.getPreCpuStats().getCpuUsage().getTotalUsage()) == 0) {
            double alive = started == null ? 0 : (System.currentTimeMillis() - started.toEpochMilli()) / 1000.0;
            return alive > 0.05 ? 100.0 * nz(s.getCpuStats().getCpuUsage().getTotalUsage()) / 1e9 / alive : 0;
        }
        long cpu = nz(s.getCpuStats().getCpuUsage().getTotalUsage()) - nz(s.getPreCpuStats().getCpuUsage().getTotalUsage());
        long system = nz(s.getCpuStats().getSystemCpuUsage()) - nz(s.getPreCpuStats().getSystemCpuUsage());
        long cpus = s.getCpuStats().getOnlineCpus() == null ? 1 : s.getCpuStats().getOnlineCpus();
        return system > 0 && cpu > 0 ? 100.0 * cpu / system * cpus : 0;
    }

    /** Memory usage minus page cache (cgroup v1 "cache", v2 "inactive_file"), as docker stats shows it. */
    static long memoryWithoutCache(Statistics s) {
        MemoryStatsConfig m = s.getMemoryStats();
        if (m == null || m.getUsage() == null) return 0;
        long cache = 0;
        if (m.getStats() != null) {
            cache = m.getStats().getCache() != null ? m.getStats().getCache() : nz(m.getStats().getInactiveFile());
        }
        return Math.max(0, m.getUsage() - cache);
    }

    private static long nz(Long v) {
        return v == null ? 0 : v;
    }

    @Override
    public void close() {
        super.close();
        try {
            docker.close();
        } catch (Exception ignored) {
            // the client holds no state worth reporting on close
        }
    }
}
