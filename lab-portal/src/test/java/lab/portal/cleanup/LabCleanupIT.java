package lab.portal.cleanup;

import lab.portal.LabFixture;
import lab.portal.runtime.RecordedEvents;
import lab.portal.activity.Stage;
import lab.portal.content.LabContent;
import lab.portal.progress.BlockRun;
import lab.portal.progress.BlockRunStore;
import lab.portal.progress.LabProgress;
import lab.portal.progress.ProgressStore;
import lab.portal.progress.StoredRun;
import lab.portal.runtime.LabService;
import lab.portal.runtime.local.LocalProcessRuntime;
import lab.portal.settings.LabProperties;
import lab.process.MachineTool;
import lab.process.Probe;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A cleanup that succeeds, on real parts: a running traditional-api, a real nginx started the way the
 * guide starts it (its pid in .lab/nginx/nginx.pid), the guide's scratch folder and a stored run, answer
 * and block output. And what it must not touch: a process that is not nginx behind the same pid file.
 * (The Docker half, the lab's labelled containers and volumes, is DockerRuntimeIT's.)
 */
class LabCleanupIT {
    private LocalProcessRuntime runtime;
    private Process bystander;

    @AfterEach
    void tearDown() {
        if (runtime != null) runtime.close();
        if (bystander != null) bystander.destroyForcibly();
    }

    private record Lab(LabCleanup cleanup, ProgressStore store, BlockRunStore blocks, Path repo) {
    }

    private Lab lab(int traditionalPort) throws Exception {
        Path repo = Files.createTempDirectory("cleanup-repo");
        runtime = LabFixture.localRuntime(Map.of(LabService.TRADITIONAL, LabFixture.local(traditionalPort, Map.of())));
        JdbcTemplate db = LabFixture.database();
        ProgressStore store = new ProgressStore(db, LabFixture.JSON);
        BlockRunStore blocks = new BlockRunStore(db);
        LabContent content = LabFixture.content();
        LabProgress progress = new LabProgress(content, store, blocks, null, null, event -> { });
        LabProperties properties = new LabProperties(repo.toString(), "content/lab.yaml", repo.toString(), LabProperties.RuntimeMode.LOCAL,
                "unix:///nowhere", Duration.ofSeconds(30), List.of(), "v", "", new LabProperties.Services(
                new LabProperties.Service(traditionalPort, "t", "b", 0, "", ""), new LabProperties.Service(LabFixture.freePort(), "m", "b", 0, "", "")));
        return new Lab(new LabCleanup(runtime, store, blocks, progress, new Stage(), properties), store, blocks, repo);
    }

    @Test
    void stopsTheServicesAndTheGuidesNginxDeletesTheScratchFolderAndOnRequestTheProgress() throws Exception {
        Assumptions.assumeTrue(MachineTool.NGINX.availableForTests(), MachineTool.NGINX.missing()); // before anything starts
        int traditional = LabFixture.freePort(), nginxPort = LabFixture.freePort();
        Lab lab = lab(traditional);
        runtime.start(LabService.TRADITIONAL);
        RecordedEvents.await("traditional-api ready", () -> Probe.status(traditional, "/ready") == 200, 60);

        Path nginxDir = Files.createDirectories(lab.repo().resolve(".lab/nginx"));
        Path conf = nginxDir.resolve("nginx.conf");
        Files.writeString(conf, String.join("\n",
                "pid " + nginxDir.resolve("nginx.pid") + ";",
                "error_log " + nginxDir.resolve("error.log") + ";",
                "events {}",
                "http { access_log off; client_body_temp_path " + nginxDir + "; proxy_temp_path " + nginxDir + ";",
                "  fastcgi_temp_path " + nginxDir + "; uwsgi_temp_path " + nginxDir + "; scgi_temp_path " + nginxDir + ";",
                "  server { listen 127.0.0.1:" + nginxPort + "; return 200 'ok'; } }", ""));
        Process start = new ProcessBuilder("nginx", "-p", nginxDir.toString(), "-c", conf.toString()).redirectErrorStream(true).start();
        String started = new String(start.getInputStream().readAllBytes());
        assertThat(start.waitFor(20, TimeUnit.SECONDS) && start.exitValue() == 0).as("nginx started as the guide starts it: " + started).isTrue();
        RecordedEvents.await("nginx answers", () -> Probe.status(nginxPort, "/") == 200, 20);
        long nginxPid = Long.parseLong(Files.readString(nginxDir.resolve("nginx.pid")).strip());

        long run = lab.store().startRun("startup", "local processes", Map.of());
        lab.store().failRun(run, StoredRun.Status.FAILED, "a run to forget", "m");
        lab.store().saveAnswer("probes", "an answer");
        long block = lab.blocks().start("step-1-1", "step-1");
        lab.blocks().finish(block, BlockRun.Status.SUCCEEDED, 0, "output", 0);

        LabCleanup.Report report = lab.cleanup().clean(true);

        assertThat(report.problems()).isEmpty();
        assertThat(report.done()).anyMatch(d -> d.startsWith("stopped traditional-api")).anyMatch(d -> d.equals("stopped nginx (pid " + nginxPid + ")"))
                .anyMatch(d -> d.startsWith("deleted " + lab.repo().resolve(".lab"))).anyMatch(d -> d.startsWith("deleted your runs"));
        assertThat(runtime.replicas(LabService.TRADITIONAL)).isEmpty();
        assertThat(Probe.status(traditional, "/health")).as("traditional-api is gone").isEqualTo(-1);
        RecordedEvents.await("nginx exited", () -> ProcessHandle.of(nginxPid).map(h -> !h.isAlive()).orElse(true), 20);
        assertThat(Probe.status(nginxPort, "/")).as("nginx is gone").isEqualTo(-1);
        assertThat(lab.repo().resolve(".lab")).doesNotExist();
        assertThat(lab.store().latestRuns()).isEmpty();
        assertThat(lab.store().answers()).isEmpty();
        assertThat(lab.blocks().latest()).isEmpty();
    }

    @Test
    void aPidFileThatNamesAProcessOtherThanNginxStopsNothingAndProgressStaysUnlessAsked() throws Exception {
        Lab lab = lab(LabFixture.freePort());
        bystander = new ProcessBuilder("sleep", "300").start();
        Path nginxDir = Files.createDirectories(lab.repo().resolve(".lab/nginx"));
        Files.writeString(nginxDir.resolve("nginx.pid"), bystander.pid() + "\n"); // a pid reused since the guide's nginx exited
        lab.store().saveAnswer("probes", "an answer");

        LabCleanup.Report report = lab.cleanup().clean(false);

        assertThat(report.done()).noneMatch(d -> d.startsWith("stopped nginx"));
        Thread.sleep(500);
        assertThat(bystander.isAlive()).as("a process the lab did not start is left alone").isTrue();
        assertThat(lab.repo().resolve(".lab")).doesNotExist();
        assertThat(lab.store().answers()).as("progress is deleted only when asked").containsEntry("probes", "an answer");
    }
}
