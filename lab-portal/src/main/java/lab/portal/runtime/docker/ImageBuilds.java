package lab.portal.runtime.docker;

import lab.portal.runtime.LabService;
import lab.portal.runtime.RuntimeFailure;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.BuildImageResultCallback;
import com.github.dockerjava.api.command.InspectImageResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.BuildResponseItem;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The lab's images, built through the engine from the repository's Dockerfiles and the jars Maven made
 * whenever an image is missing or was built from other inputs: so Docker is the runtime wherever an
 * engine answers, with no separate build step, and a container never runs older code than the jars.
 * An image records what it was built from (the Dockerfile, the files it copies and the base image) in a
 * label. The build's output streams as log lines of {@code image:<service>}. One build per service at a time.
 */
public final class ImageBuilds {
    static final String INPUTS_LABEL = "inference-lab.build-inputs";
    /** The portal's version (its jar's manifest), which the images it builds carry as their OCI version. */
    static final String VERSION = Objects.requireNonNullElse(ImageBuilds.class.getPackage().getImplementationVersion(), "dev");
    private static final Pattern COPY = Pattern.compile("^COPY\\s+(?:--\\S+\\s+)*(.+)\\s+\\S+$", Pattern.CASE_INSENSITIVE);
    /** Files up to this size are hashed whole; larger ones (libtorch) by name and size: they change with their version. */
    private static final long HASH_WHOLE_BELOW = 16L << 20;

    private final DockerClient docker;
    private final Path repo;
    private final Map<LabService, String> images;
    private final Map<LabService, String> baseImages;
    private final BiConsumer<String, String> log;
    private final Map<LabService, Object> locks = new ConcurrentHashMap<>();

    /**
     * @param repo       the repository root: its Dockerfiles and the jars Maven built
     * @param baseImages the {@code BASE_IMAGE} build argument per service (a registry's JRE image, or a local one)
     * @param log        where build output goes: (source, line)
     */
    private final SourceRevision revision;

    public ImageBuilds(DockerClient docker, Path repo, Map<LabService, String> images, Map<LabService, String> baseImages,
                       BiConsumer<String, String> log) {
        this.docker = docker;
        this.repo = repo;
        this.images = images;
        this.baseImages = baseImages;
        this.log = log;
        this.revision = SourceRevision.of(repo);
    }

    public static String dockerfile(LabService service) {
        return service == LabService.ML ? "Dockerfile.ml" : "Dockerfile.traditional";
    }

    public String image(LabService service) {
        return images.get(service);
    }

    /** Whether the image exists and was built from what the repository holds now (true where it cannot tell). */
    public boolean current(LabService service) {
        InspectImageResponse image = inspect(service);
        if (image == null) return false;
        String inputs = inputs(service);
        if (inputs == null) return true; // nothing to build from here: whatever exists is what there is
        Map<String, String> labels = image.getConfig() == null ? null : image.getConfig().getLabels();
        return labels != null && inputs.equals(labels.get(INPUTS_LABEL));
    }

    /** Builds the service's image unless it is current; a second caller waits for the build in flight. */
    public void ensure(LabService service) throws RuntimeFailure {
        synchronized (locks.computeIfAbsent(service, s -> new Object())) {
            if (!current(service)) build(service);
        }
    }

    /** Builds the image now, whatever exists. */
    public void rebuild(LabService service) throws RuntimeFailure {
        synchronized (locks.computeIfAbsent(service, s -> new Object())) {
            build(service);
        }
    }

    /** Rebuilds on a thread of its own; the outcome arrives as log lines. */
    public void rebuildInBackground(LabService service) {
        background("rebuild-" + service.id(), () -> rebuild(service));
    }

    /** Builds whatever is missing or stale, on a thread of its own, so the first start does not wait for it. */
    public void prepareInBackground() {
        background("prepare-images", () -> {
            for (LabService service : LabService.values()) ensure(service);
        });
    }

    private interface Build {
        void run() throws RuntimeFailure;
    }

    private void background(String name, Build build) {
        Thread t = new Thread(() -> {
            try {
                build.run();
            } catch (RuntimeFailure e) {
                // already in the log stream; a start that needs the image says so again
            }
        }, name);
        t.setDaemon(true);
        t.start();
    }

    private void build(LabService service) throws RuntimeFailure {
        String tag = images.get(service);
        String inputs = inputs(service);
        if (inputs == null) {
            throw new RuntimeFailure("image " + tag + " is missing and cannot be built here: " + missingInputs(service)
                    + "; build it with: " + buildHint(service, tag));
        }
        String source = "image:" + service.id();
        String base = baseImages.get(service);
        boolean baseHere = exists(base);
        log.accept(source, "building " + tag + " from " + dockerfile(service) + " on " + base + " (the jars Maven built; "
                + (baseHere ? "nothing is downloaded)" : "the engine lacks the base image and pulls it from its registry)"));
        long t0 = System.nanoTime();
        try {
            docker.buildImageCmd()
                    .withBaseDirectory(repo.toFile())
                    .withDockerfile(repo.resolve(dockerfile(service)).toFile())
                    .withTags(Set.of(tag))
                    .withBuildArg("BASE_IMAGE", base)
                    .withBuildArg("VERSION", VERSION)
                    .withBuildArg("REVISION", revision.commit())
                    .withBuildArg("SOURCE", revision.source())
                    .withLabels(Map.of(INPUTS_LABEL, inputs))
                    .withNetworkMode("host")
                    .withPull(false)
                    .withRemove(true)
                    .exec(new BuildImageResultCallback() {
                        @Override
                        public void onNext(BuildResponseItem item) {
                            String text = item.getStream() != null ? item.getStream() : item.getErrorDetail() != null
                                    ? item.getErrorDetail().getMessage() : null;
                            if (text != null) {
                                for (String line : text.split("\\R")) {
                                    if (!line.isBlank()) log.accept(source, line.strip());
                                }
                            }
                            super.onNext(item);
                        }
                    }).awaitImageId();
        } catch (RuntimeException e) { // DockerException from the engine, DockerClientException from the client
            // Where the base image had to come from a registry, that is the likely cause whatever the engine's words.
            boolean aboutBase = !baseHere || (e.getMessage() != null && e.getMessage().contains(base));
            String why = "building " + tag + " failed: " + e.getMessage() + (aboutBase ? " (the base image " + base
                    + (baseHere ? "" : " is not in the engine and could not be pulled")
                    + "; start the portal with --lab.base-image or --lab.services." + service.key()
                    + ".base-image naming a JRE 25 image the engine has)" : "");
            log.accept(source, why);
            throw new RuntimeFailure(why);
        }
        log.accept(source, String.format("built %s in %.1f s", tag, (System.nanoTime() - t0) / 1e9));
    }

    private boolean exists(String image) {
        return inspect(image) != null;
    }

    private InspectImageResponse inspect(LabService service) {
        return inspect(images.get(service));
    }

    /** The engine's description of the image, or null where it has no such image. */
    private InspectImageResponse inspect(String image) {
        try {
            return docker.inspectImageCmd(image).exec();
        } catch (NotFoundException e) {
            return null;
        }
    }

    /**
     * A digest of everything the image is built from: the Dockerfile, every file its COPY lines take from
     * the repository, and the base image's name. Null when the repository lacks something to build from.
     */
    String inputs(LabService service) {
        Path dockerfile = repo.resolve(dockerfile(service));
        if (!Files.isRegularFile(dockerfile)) return null;
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(baseImages.get(service).getBytes(StandardCharsets.UTF_8));
            sha.update(Files.readAllBytes(dockerfile));
            for (String source : copiedSources(dockerfile)) {
                Path p = repo.resolve(source);
                if (!Files.exists(p)) return null;
                try (Stream<Path> files = Files.walk(p)) {
                    for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                        sha.update(repo.relativize(f).toString().getBytes(StandardCharsets.UTF_8));
                        long size = Files.size(f);
                        sha.update(Long.toString(size).getBytes(StandardCharsets.UTF_8));
                        if (size < HASH_WHOLE_BELOW) {
                            try (InputStream in = Files.newInputStream(f)) {
                                sha.update(in.readAllBytes());
                            }
                        }
                    }
                }
            }
            return HexFormat.of().formatHex(sha.digest()).substring(0, 32);
        } catch (IOException e) {
            return null;
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    private String missingInputs(LabService service) {
        Path dockerfile = repo.resolve(dockerfile(service));
        if (!Files.isRegularFile(dockerfile)) return "no " + dockerfile;
        List<String> missing = new ArrayList<>();
        try {
            for (String s : copiedSources(dockerfile)) {
                if (!Files.exists(repo.resolve(s))) missing.add(s);
            }
        } catch (IOException e) {
            return e.getMessage();
        }
        return "missing under " + repo + ": " + missing + " (run ./mvnw -B -ntp -q package -DskipTests)";
    }

    /** The repository paths the Dockerfile's COPY lines take (every source, not the destination). */
    static List<String> copiedSources(Path dockerfile) throws IOException {
        List<String> sources = new ArrayList<>();
        for (String line : Files.readAllLines(dockerfile)) {
            Matcher m = COPY.matcher(line.strip());
            if (m.matches()) {
                for (String s : m.group(1).trim().split("\\s+")) sources.add(s.endsWith("/") ? s.substring(0, s.length() - 1) : s);
            }
        }
        return sources;
    }

    static String buildHint(LabService service, String image) {
        return "./mvnw -B -ntp -q package -DskipTests && docker build --network host -f " + dockerfile(service) + " -t " + image + " .";
    }
}
