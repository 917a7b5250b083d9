package lab.portal.cleanup;

import lab.portal.activity.Stage;
import lab.portal.progress.BlockRunStore;
import lab.portal.progress.LabProgress;
import lab.portal.progress.ProgressStore;
import lab.portal.runtime.LabResources;
import lab.portal.runtime.LabService;
import lab.portal.runtime.ServiceRuntime;
import lab.portal.settings.LabProperties;
import org.springframework.stereotype.Service;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The lab's cleanup, as the guide's last step does it by hand: every replica stopped, nginx started by
 * the guide stopped, on Docker the lab's labelled containers and volumes removed, the guide's scratch
 * folder (.lab) deleted, and, only when asked, the learner's progress too. It touches nothing the lab did
 * not make.
 */
@Service
public class LabCleanup {
    /** What the cleanup did and what it could not do. */
    public record Report(List<String> done, List<String> problems) {
    }

    private final ServiceRuntime runtime;
    private final ProgressStore progressStore;
    private final BlockRunStore blocks;
    private final LabProgress progress;
    private final Stage stage;
    private final Path scratch;

    public LabCleanup(ServiceRuntime runtime, ProgressStore progressStore, BlockRunStore blocks, LabProgress progress, Stage stage,
                      LabProperties properties) {
        this.runtime = runtime;
        this.progressStore = progressStore;
        this.blocks = blocks;
        this.progress = progress;
        this.stage = stage;
        this.scratch = properties.repoPath().resolve(".lab");
    }

    public Report clean(boolean progressToo) throws Stage.Busy {
        List<String> done = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        try (Stage.Hold hold = stage.take("the cleanup")) {
            for (LabService s : LabService.values()) {
                int n = runtime.replicas(s).size();
                runtime.stop(s);
                if (n > 0) done.add("stopped " + s.id() + " (" + n + " replica(s))");
            }
            stopGuideNginx(done, problems);
            LabResources r = runtime.removeLabResources();
            if (r.containers() > 0 || !r.volumes().isEmpty() || !r.problems().isEmpty()) {
                done.add("removed " + r.containers() + " lab container(s)" + (r.volumes().isEmpty() ? "" : " and volume(s) " + String.join(", ", r.volumes())));
                problems.addAll(r.problems());
            }
            deleteScratch(done, problems);
            if (progressToo) {
                progressStore.clear();
                blocks.clear();
                done.add("deleted your runs, block outputs and answers");
            }
        }
        progress.changed();
        return new Report(done, problems);
    }

    /** nginx as Step 8 starts it keeps its pid in .lab/nginx/nginx.pid; only a process that is nginx is stopped. */
    private void stopGuideNginx(List<String> done, List<String> problems) {
        Path pidFile = scratch.resolve("nginx").resolve("nginx.pid");
        if (!Files.isRegularFile(pidFile)) return;
        try {
            long pid = Long.parseLong(Files.readString(pidFile).strip());
            Optional<ProcessHandle> p = ProcessHandle.of(pid).filter(h -> h.info().command().map(c -> c.endsWith("nginx")).orElse(false));
            if (p.isPresent()) {
                p.get().destroy();
                done.add("stopped nginx (pid " + pid + ")");
            }
        } catch (IOException | NumberFormatException e) {
            problems.add("could not read " + pidFile + ": " + e.getMessage());
        }
    }

    private void deleteScratch(List<String> done, List<String> problems) {
        if (!Files.isDirectory(scratch)) return;
        try (Stream<Path> all = Files.walk(scratch)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
            done.add("deleted " + scratch);
        } catch (IOException e) {
            problems.add("could not delete " + scratch + ": " + e.getMessage());
        }
    }
}
