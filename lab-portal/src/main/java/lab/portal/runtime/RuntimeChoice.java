package lab.portal.runtime;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Which runtime the lab uses: {@code docker} when an engine answers and the lab's images exist,
 * otherwise local processes (the embedded default, so a machine with only Java runs the lab). Can be
 * forced ({@code local} / {@code docker}); {@link #reason()} says why this one was chosen, for the page.
 */
public record RuntimeChoice(ServiceRuntime runtime, String reason) {

    /** How to choose, from configuration. */
    public record Settings(String mode, String dockerHost, Path repo, Map<LabService, String> images,
                           Map<LabService, Integer> basePorts, Map<LabService, Map<String, String>> env,
                           Map<LabService, Long> memoryLimits) {
    }

    public static RuntimeChoice choose(Settings s) throws ServiceRuntime.RuntimeFailure {
        String mode = s.mode() == null ? "auto" : s.mode().trim().toLowerCase();
        if (mode.equals("local")) {
            return new RuntimeChoice(local(s), "local processes: forced by configuration");
        }
        if (!mode.equals("auto") && !mode.equals("docker")) {
            throw new ServiceRuntime.RuntimeFailure("runtime must be auto, local or docker, got '" + s.mode() + "'");
        }
        DockerClient docker = DockerRuntime.connect(s.dockerHost());
        String unreachable = DockerRuntime.unreachableReason(docker);
        List<String> missing = unreachable == null ? missingImages(docker, s.images()) : List.of();
        if (unreachable == null && missing.isEmpty()) {
            return new RuntimeChoice(new DockerRuntime(docker, s.images(), s.basePorts(), s.env(), s.memoryLimits()),
                    "docker: the engine at " + s.dockerHost() + " answers and the lab's images exist");
        }
        String why = unreachable != null ? unreachable : "missing images " + missing + " (" + buildHints(missing, s.images()) + ")";
        if (mode.equals("docker")) {
            throw new ServiceRuntime.RuntimeFailure("the Docker runtime was forced but cannot be used: " + why);
        }
        return new RuntimeChoice(local(s), "local processes: " + why);
    }

    private static LocalProcessRuntime local(Settings s) {
        return new LocalProcessRuntime(s.repo(), s.basePorts(), s.env());
    }

    private static List<String> missingImages(DockerClient docker, Map<LabService, String> images) {
        List<String> missing = new ArrayList<>();
        for (String image : images.values()) {
            try {
                docker.inspectImageCmd(image).exec();
            } catch (NotFoundException e) {
                missing.add(image);
            }
        }
        return missing;
    }

    private static String buildHints(List<String> missing, Map<LabService, String> images) {
        List<String> hints = new ArrayList<>();
        images.forEach((service, image) -> {
            if (missing.contains(image)) hints.add(DockerRuntime.buildHint(service, image));
        });
        return String.join("; ", hints);
    }
}
