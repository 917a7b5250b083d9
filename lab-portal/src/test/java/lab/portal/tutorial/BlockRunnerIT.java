package lab.portal.tutorial;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import lab.portal.LabFixture;
import lab.portal.activity.ActivityRunner;
import lab.portal.activity.Stage;
import lab.portal.content.LabContent;
import lab.portal.live.LiveFeed;
import lab.portal.progress.BlockRun;
import lab.portal.progress.BlockRunStore;
import lab.portal.runtime.LabService;
import lab.portal.runtime.ReplicaState;
import lab.portal.runtime.local.LocalProcessRuntime;
import lab.portal.services.ServedModel;
import lab.portal.settings.LabProperties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The runner with real bash, real child processes and the real local runtime, on a guide of its own: the
 * environment a block gets, bounded output, timeouts, cancel, exit codes, one block at a time, and a line
 * that starts a service going to the runtime.
 */
class BlockRunnerIT {
    private static final String GUIDE = """
            # Runner test

            ## Step 1 — Blocks
            Duration: 1 min

            ```bash
            java @traditional-api/jvm.options -jar traditional-api/target/traditional-api.jar
            ```

            ```bash
            echo "port=$TRADITIONAL_PORT cwd=$PWD"
            java -version 2>&1 | head -1
            curl -s http://127.0.0.1:$TRADITIONAL_PORT/ready; echo
            ```

            ```bash
            for i in $(seq 1 3000); do echo "line $i ..............................."; done
            ```

            ```bash
            sleep 60
            ```

            ```bash
            sleep 60 &
            echo "background $!"
            wait
            ```

            ```bash
            echo failing; exit 3
            ```

            ```bash
            sleep 60 &
            echo "left behind $!"
            ```

            ## Step 2 — Carried
            Duration: 1 min

            ```bash
            export GREETING="hello there"
            cd traditional-api
            ```

            ```bash
            echo "$GREETING from $(basename "$PWD")"
            ```

            ```bash
            echo stopping; exit 4
            ```

            ```bash
            echo never
            ```
            """;

    private LocalProcessRuntime runtime;
    private ActivityRunner activities;
    private GuideBlocks runner;
    private BlockRunStore store;
    private final Stage stage = new Stage();
    private int port;

    @BeforeEach
    void setUp() throws Exception {
        Path dir = Files.createTempDirectory("runner");
        Files.writeString(dir.resolve("guide.md"), GUIDE);
        Files.writeString(dir.resolve("lab.yaml"), String.join("\n", "guide: guide.md", "runner: {timeout_seconds: 12, output_kib: 4}",
                "steps:", "  step-1: {claim: ran, block: step-1-2, expect: ['\"ready\":true']}", "  step-2: {claim: carried, block: step-2-2}", ""));
        LabContent lab = LabContent.load(dir.resolve("lab.yaml"));
        port = LabFixture.freePort();
        runtime = LabFixture.localRuntime(Map.of(LabService.TRADITIONAL, LabFixture.local(port, Map.of())));
        JdbcTemplate db = LabFixture.database();
        store = new BlockRunStore(db);
        ServedModel model = new ServedModel(runtime, event -> { });
        LabProperties properties = new LabProperties(LabFixture.REPO.toString(), "content/lab.yaml", dir.toString(), LabProperties.RuntimeMode.LOCAL,
                "unix:///nowhere", Duration.ofSeconds(30), List.of(), "v", "",
                new LabProperties.Services(new LabProperties.Service(port, "t", "b", 0, "", ""), new LabProperties.Service(port + 1, "m", "b", 0, "", "")));
        activities = new ActivityRunner(stage, new SimpleMeterRegistry(), event -> { });
        runner = new GuideBlocks(lab, activities, runtime, store, new LiveFeed(runtime, model, LabFixture.JSON), properties);
    }

    @AfterEach
    void tearDown() throws Exception {
        activities.destroy();
        runtime.close();
    }

    private BlockRun run(String block) throws Exception {
        long id = runner.start(block);
        return finished(id, 40);
    }

    private BlockRun finished(long id, int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline) {
            BlockRun r = store.run(id).orElseThrow();
            if (r.status() != BlockRun.Status.RUNNING && stage.holder() == null) return r;
            Thread.sleep(50);
        }
        throw new AssertionError("block run " + id + " did not end within " + seconds + " s");
    }

    @Test
    void aServiceLineStartsATrackedReplicaAndTheNextBlockSeesItsPortAndTheLabsJdk() throws Exception {
        BlockRun start = run("step-1-1");
        assertThat(start.status()).as(start.output()).isEqualTo(BlockRun.Status.SUCCEEDED);
        assertThat(start.output()).contains("through its runtime (local processes)", "traditional-api is ready on 127.0.0.1:" + port)
                .as("the replica's own log comes into the block's output").contains("JVM start -> listening");
        assertThat(runtime.replicas(LabService.TRADITIONAL)).singleElement().extracting(r -> r.state()).isEqualTo(ReplicaState.READY);

        BlockRun again = run("step-1-1");
        assertThat(again.output()).as("a second run starts nothing new").contains("already runs on 127.0.0.1:" + port);
        assertThat(runtime.replicas(LabService.TRADITIONAL)).hasSize(1);

        BlockRun probe = run("step-1-2");
        assertThat(probe.status()).isEqualTo(BlockRun.Status.SUCCEEDED);
        assertThat(probe.exitCode()).isZero();
        assertThat(probe.output()).contains("port=" + port + " cwd=" + LabFixture.REPO, "\"ready\":true")
                .containsPattern("version \"(2[5-9]|[3-9]\\d)");
        assertThat(probe.durationS()).isPositive();
    }

    @Test
    void outputIsKeptBoundedFromItsEnd() throws Exception {
        BlockRun r = run("step-1-3");
        assertThat(r.status()).isEqualTo(BlockRun.Status.SUCCEEDED);
        assertThat(r.output().length()).isLessThanOrEqualTo(4 * 1024);
        assertThat(r.dropped()).as("3000 lines of 45 characters do not fit in 4 KiB").isGreaterThan(100_000);
        assertThat(r.output()).endsWith("line 3000 ...............................\n");
    }

    @Test
    void aBlockThatOutrunsItsTimeIsStoppedAndSaysSo() throws Exception {
        long t0 = System.nanoTime();
        BlockRun r = run("step-1-4");
        assertThat(r.status()).isEqualTo(BlockRun.Status.TIMED_OUT);
        assertThat(r.output()).contains("ran longer than 12 s");
        assertThat((System.nanoTime() - t0) / 1e9).as("stopped near its 12 s, not after the 60 s sleep").isLessThan(25);
    }

    @Test
    void cancelStopsTheBlockAndWhatItStartedInTheBackground() throws Exception {
        long id = runner.start("step-1-5");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        do {
            Thread.sleep(50);
            assertThat(System.nanoTime()).as("the block printed its background pid within 10 s").isLessThan(deadline);
        } while (!runningOutput(id).contains("background "));
        long sleeper = Long.parseLong(runningOutput(id).replaceAll("(?s).*background (\\d+).*", "$1"));
        assertThat(ProcessHandle.of(sleeper)).as("the background sleep runs").isPresent();
        assertThatThrownBy(() -> runner.start("step-1-6")).as("one block at a time").isInstanceOf(Stage.Busy.class)
                .hasMessageContaining("guide block step-1-5 is running");
        assertThatThrownBy(() -> stage.take("experiment 'startup'")).as("and no experiment meanwhile").isInstanceOf(Stage.Busy.class);
        assertThat(runner.cancel()).isTrue();
        BlockRun r = finished(id, 10);
        assertThat(r.status()).isEqualTo(BlockRun.Status.CANCELLED);
        assertThat(running(sleeper)).as("nothing it started is left").isFalse();
        assertThat(runner.cancel()).as("nothing left to cancel").isFalse();
    }

    /** A block that ends leaving a background job: by then the job belongs to init, out of the tree, and is still stopped. */
    @Test
    void whatABlockLeavesInTheBackgroundIsStoppedWhenItEnds() throws Exception {
        BlockRun r = run("step-1-7");
        assertThat(r.status()).isEqualTo(BlockRun.Status.SUCCEEDED);
        long leftBehind = Long.parseLong(r.output().replaceAll("(?s).*left behind (\\d+).*", "$1"));
        assertThat(running(leftBehind)).as("the background sleep " + leftBehind + " is gone").isFalse();
    }

    @Test
    void runThisStepCarriesExportsAndTheDirectoryAndStopsAtTheFirstFailure() throws Exception {
        long first = runner.startStep("step-2");
        BlockRun opened = finished(first, 40);
        assertThat(opened.status()).isEqualTo(BlockRun.Status.SUCCEEDED);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(40);
        while (stage.holder() != null && System.nanoTime() < deadline) Thread.sleep(50);
        Map<String, BlockRun> latest = store.latest();
        assertThat(latest.get("step-2-2").output()).isEqualTo("hello there from traditional-api\n");
        assertThat(latest.get("step-2-3").status()).isEqualTo(BlockRun.Status.FAILED);
        assertThat(latest.get("step-2-3").exitCode()).isEqualTo(4);
        assertThat(latest).as("the block after the failure never ran").doesNotContainKey("step-2-4");

        // Alone, a block starts from a fresh shell: the repository root, nothing exported.
        assertThat(run("step-2-2").output()).isEqualTo(" from main\n".replace("main", LabFixture.REPO.getFileName().toString()));
        assertThatThrownBy(() -> runner.startStep("step-9")).isInstanceOf(GuideBlocks.UnknownBlock.class);
    }

    @Test
    void aFailingBlockKeepsItsExitCodeAndUnknownBlocksAreRefused() throws Exception {
        BlockRun r = run("step-1-6");
        assertThat(r.status()).isEqualTo(BlockRun.Status.FAILED);
        assertThat(r.exitCode()).isEqualTo(3);
        assertThat(r.output()).isEqualTo("failing\n");
        assertThatThrownBy(() -> runner.start("echo hi")).isInstanceOf(GuideBlocks.UnknownBlock.class);
        assertThat(store.latest()).containsOnlyKeys("step-1-6");
    }

    /** Alive and not a zombie (a killed orphan stays one until whoever adopted it reaps it, and in a container that may be never). */
    private static boolean running(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            return !stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z");
        } catch (java.io.IOException gone) {
            return false;
        }
    }

    /** What the running block printed so far (the store has it once the block ends). */
    private String runningOutput(long id) {
        return runner.outputSoFar(id);
    }
}
