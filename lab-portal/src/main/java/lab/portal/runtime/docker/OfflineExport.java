package lab.portal.runtime.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.HostConfig;
import lab.portal.runtime.RuntimeFailure;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * ml-api's image run once with {@code export-offline} and no network; the artifact is copied out of the
 * stopped container (a tar stream from the engine), so it works wherever the portal runs, in compose too,
 * where no ml-api jar is beside it. The container is removed whatever happened.
 */
final class OfflineExport {
    private static final Logger LOG = Logger.getLogger(OfflineExport.class.getName());
    private static final String INSIDE = "/tmp/offline-export";

    private OfflineExport() {
    }

    static void run(DockerClient docker, String image, String name, Map<String, String> labels, Path dir) throws RuntimeFailure {
        String id = null;
        try {
            id = docker.createContainerCmd(image).withCmd("export-offline", INSIDE).withName(name).withLabels(labels)
                    .withHostConfig(HostConfig.newHostConfig().withNetworkMode("none")).exec().getId();
            docker.startContainerCmd(id).exec();
            int exit = docker.waitContainerCmd(id).start().awaitStatusCode(2, TimeUnit.MINUTES);
            if (exit != 0) throw new RuntimeFailure("ml-api could not export its offline model (exit " + exit + "): " + logsOf(docker, id));
            Files.createDirectories(dir);
            try (TarArchiveInputStream tar = new TarArchiveInputStream(docker.copyArchiveFromContainerCmd(id, INSIDE + "/.").exec())) {
                for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
                    if (!entry.isFile()) continue;
                    // only the file's own name: an entry cannot write outside dir
                    Files.copy(tar, dir.resolve(Path.of(entry.getName()).getFileName().toString()), StandardCopyOption.REPLACE_EXISTING);
                }
            }
        } catch (IOException | RuntimeException e) {
            throw new RuntimeFailure("the engine could not export ml-api's offline model: " + e.getMessage());
        } finally {
            if (id != null) remove(docker, id);
        }
    }

    private static void remove(DockerClient docker, String id) {
        try {
            docker.removeContainerCmd(id).withForce(true).exec();
        } catch (RuntimeException e) {
            LOG.warning("could not remove the export container " + id + ": " + e.getMessage());
        }
    }

    private static String logsOf(DockerClient docker, String container) {
        StringBuilder out = new StringBuilder();
        try {
            docker.logContainerCmd(container).withStdOut(true).withStdErr(true).exec(new ResultCallback.Adapter<Frame>() {
                @Override
                public void onNext(Frame frame) {
                    out.append(new String(frame.getPayload(), StandardCharsets.UTF_8));
                }
            }).awaitCompletion(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return out.toString().strip();
    }
}
