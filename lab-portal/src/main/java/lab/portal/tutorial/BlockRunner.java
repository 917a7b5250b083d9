package lab.portal.tutorial;

import lab.portal.LabProperties;
import lab.portal.content.GuideBlock;
import lab.portal.content.LabContent;
import lab.portal.live.LiveEvent;
import lab.portal.live.LiveFeed;
import lab.portal.ops.PortalMetrics;
import lab.portal.progress.BlockRun;
import lab.portal.progress.BlockRunStore;
import lab.portal.progress.LabProgress;
import lab.portal.runtime.LabService;
import lab.portal.runtime.ServiceRuntime;
import lab.portal.stage.Stage;
import lab.process.ProcessTree;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Service;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs the guide's bash blocks from the page, one at a time and never during an experiment. It runs only
 * blocks of the loaded guide, named by the id the portal gave them: a request never carries command text.
 * Each runs with bash in the repository root, with the portal's JDK first on PATH and the services' ports
 * in its environment ({@code TRADITIONAL_PORT}, {@code ML_PORT}), until it ends, is cancelled or its
 * time is up. Lines that start a service go to the runtime ({@link BlockPlan}). Output streams to the page
 * and its end is kept with the run.
 */
@Service
public class BlockRunner implements DisposableBean {
    private static final Logger LOG = Logger.getLogger(BlockRunner.class.getName());
    private static final Duration STOP_GRACE = Duration.ofSeconds(3);

    /** No block of the guide has this id. */
    public static final class UnknownBlock extends Exception {
        UnknownBlock(String message) {
            super(message);
        }
    }

    private final LabContent lab;
    private final ServiceRuntime runtime;
    private final BlockRunStore store;
    private final LabProgress progress;
    private final LiveFeed feed;
    private final Stage stage;
    private final PortalMetrics metrics;
    private final Path repo;
    private final Map<LabService, Integer> ports;
    private final ExecutorService executor = Executors.newSingleThreadExecutor(r -> new Thread(r, "guide-block"));
    private volatile Running running;

    public BlockRunner(LabContent lab, ServiceRuntime runtime, BlockRunStore store, LabProgress progress, LiveFeed feed, Stage stage,
                       PortalMetrics metrics, LabProperties properties) {
        this.lab = lab;
        this.runtime = runtime;
        this.store = store;
        this.progress = progress;
        this.feed = feed;
        this.stage = stage;
        this.metrics = metrics;
        this.repo = properties.repoPath();
        this.ports = Map.of(LabService.TRADITIONAL, properties.services().traditional().port(), LabService.ML, properties.services().ml().port());
    }

    /** Starts the block; returns the run's id. */
    public synchronized long start(String blockId) throws UnknownBlock, Stage.Busy {
        GuideBlock block = lab.guide().block(blockId).orElseThrow(() -> new UnknownBlock("the guide has no block '" + blockId + "'"));
        Stage.Hold hold = stage.take("guide block " + blockId);
        long id = store.start(block.id(), block.step());
        Running run = new Running(id, block, hold);
        running = run;
        feed.publishBlock(new LiveEvent.BlockStarted(id, block.id(), block.step()));
        executor.execute(() -> execute(run));
        return id;
    }

    /** Stops the running block (its processes and what they started); false when none runs. */
    public boolean cancel() {
        Running r = running;
        if (r == null) return false;
        r.cancel();
        return true;
    }

    @Override
    public void destroy() throws InterruptedException {
        cancel();
        executor.shutdown();
        executor.awaitTermination(20, TimeUnit.SECONDS);
    }

    /** What the running block has printed so far (the kept end of it), or "" when that run is not running. */
    String outputSoFar(long runId) {
        Running r = running;
        return r != null && r.id == runId && r.output != null ? r.output.text() : "";
    }

    private void execute(Running run) {
        BlockOutput output = new BlockOutput(lab.runner().outputKib() * 1024,
                text -> feed.publishBlock(new LiveEvent.BlockOutput(run.id, run.block.id(), text)));
        run.output = output;
        BlockRun.Status status;
        Integer exit = null;
        try {
            long deadline = System.nanoTime() + lab.runner().timeout().toNanos();
            ServiceStarts services = new ServiceStarts(runtime, ports, output, run::cancelled);
            runtime.subscribe(services);
            try {
                for (BlockPlan.Segment segment : BlockPlan.of(run.block.code()).segments()) {
                    exit = switch (segment) {
                        case BlockPlan.Shell shell -> shell(run, shell.script(), deadline, output);
                        case BlockPlan.StartService start -> services.start(start, deadline);
                    };
                    if (run.cancelled() || System.nanoTime() > deadline || segment instanceof BlockPlan.StartService && exit != 0) break;
                }
            } finally {
                runtime.unsubscribe(services);
            }
            if (run.cancelled()) {
                status = BlockRun.Status.CANCELLED;
                output.note("cancelled");
            } else if (System.nanoTime() > deadline) {
                status = BlockRun.Status.TIMED_OUT;
                output.note("stopped: the block ran longer than " + lab.runner().timeout().toSeconds() + " s (content/lab.yaml, runner.timeout_seconds)");
            } else {
                status = exit != null && exit == 0 ? BlockRun.Status.SUCCEEDED : BlockRun.Status.FAILED;
            }
        } catch (RuntimeException | IOException e) {
            LOG.log(Level.WARNING, "block " + run.block.id() + " could not run", e);
            output.note("the portal could not run this block: " + e.getMessage());
            status = BlockRun.Status.FAILED;
        }
        store.finish(run.id, status, exit, output.text(), output.dropped());
        metrics.blockRun(status.name());
        synchronized (this) {
            running = null;
        }
        run.hold.close();
        store.run(run.id).ifPresent(r -> feed.publishBlock(new LiveEvent.BlockFinished(r)));
        progress.changed();
    }

    /**
     * Lines for bash. {@code timeout} bounds them even if the portal itself is killed (a little after the
     * runner's own deadline, which stops them first and says so); whatever they leave
     * running in the background (a child, not a daemon that detached on purpose, such as nginx) is stopped
     * when they end.
     */
    private int shell(Running run, String script, long deadline, BlockOutput output) throws IOException {
        long seconds = Math.max(1, TimeUnit.NANOSECONDS.toSeconds(deadline - System.nanoTime())) + 5;
        ProcessBuilder pb = new ProcessBuilder("timeout", "--kill-after=5", Long.toString(seconds), "bash", "--noprofile", "--norc", "-c", script)
                .directory(repo.toFile()).redirectErrorStream(true);
        Map<String, String> env = pb.environment();
        env.put("PATH", Path.of(System.getProperty("java.home"), "bin") + ":" + env.getOrDefault("PATH", "/usr/bin:/bin"));
        ports.forEach((service, port) -> env.put(service == LabService.ML ? "ML_PORT" : "TRADITIONAL_PORT", port.toString()));
        Process process = pb.start();
        run.process = process;
        Thread reader = Thread.ofVirtual().start(() -> copy(process, output));
        try {
            while (!process.waitFor(100, TimeUnit.MILLISECONDS)) {
                if (run.cancelled() || System.nanoTime() > deadline) {
                    stop(process);
                    break;
                }
            }
            process.waitFor();
            reader.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stop(process);
        } finally {
            // What the block left in the background, by now handed to init, out of the tree.
            ProcessTree.stop(ProcessTree.group(process.pid()), STOP_GRACE);
            run.process = null;
        }
        return process.exitValue();
    }

    private static void copy(Process process, BlockOutput output) {
        try (Reader in = new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)) {
            char[] buffer = new char[4096];
            int n;
            while ((n = in.read(buffer)) >= 0) output.append(new String(buffer, 0, n));
        } catch (IOException closed) {
            // the process ended
        }
    }

    /** The block's tree and its process group (timeout made one): SIGTERM, SIGKILL what is left after 3 s; gone when this returns. */
    private static void stop(Process p) {
        List<ProcessHandle> members = new ArrayList<>(ProcessTree.of(p.toHandle()));
        members.addAll(ProcessTree.group(p.pid()));
        ProcessTree.stop(members, STOP_GRACE);
    }

    /** The block being run: cancelled by flag, its current bash process stopped at once. */
    private static final class Running {
        final long id;
        final GuideBlock block;
        final Stage.Hold hold;
        volatile boolean cancelled;
        volatile Process process;
        volatile BlockOutput output;

        Running(long id, GuideBlock block, Stage.Hold hold) {
            this.id = id;
            this.block = block;
            this.hold = hold;
        }

        void cancel() {
            cancelled = true;
            Process p = process;
            if (p != null) stop(p);
        }

        boolean cancelled() {
            return cancelled;
        }
    }
}
