package lab.portal.tutorial;

import lab.portal.activity.Activity;
import lab.portal.activity.ActivityKind;
import lab.portal.content.GuideBlock;
import lab.portal.content.LabContent;
import lab.portal.live.LiveEvent;
import lab.portal.live.LiveFeed;
import lab.portal.progress.BlockRun;
import lab.portal.progress.BlockRunStore;
import lab.portal.runtime.LabService;
import lab.portal.runtime.ServiceRuntime;
import lab.process.ProcessTree;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One run of a guide block as an activity: bash in the repository root, with the portal's JDK first on
 * PATH and the services' ports in its environment ({@code TRADITIONAL_PORT}, {@code ML_PORT}), until it
 * ends, is cancelled or its time is up. Lines that start a service go to the runtime ({@link BlockPlan}).
 * Output streams to the page and its end is kept with the run.
 */
final class BlockActivity implements Activity {
    private static final Logger LOG = Logger.getLogger(BlockActivity.class.getName());
    private static final Duration STOP_GRACE = Duration.ofSeconds(3);

    /** What every block run needs from the portal. */
    record Portal(LabContent lab, ServiceRuntime runtime, BlockRunStore store, LiveFeed feed, Path repo, Map<LabService, Integer> ports) {
    }

    private final GuideBlock block;
    private final Portal portal;
    private volatile BlockOutput output;

    BlockActivity(GuideBlock block, Portal portal) {
        this.block = block;
        this.portal = portal;
    }

    GuideBlock block() {
        return block;
    }

    @Override
    public ActivityKind kind() {
        return ActivityKind.BLOCK;
    }

    @Override
    public String subject() {
        return block.id();
    }

    @Override
    public String title() {
        return "guide block " + block.id();
    }

    /** What it has printed so far (the kept end of it). */
    String outputSoFar() {
        BlockOutput o = output;
        return o == null ? "" : o.text();
    }

    @Override
    public long begin() {
        long id = portal.store().start(block.id(), block.step());
        portal.feed().publishBlock(new LiveEvent.BlockStarted(id, block.id(), block.step()));
        return id;
    }

    @Override
    public String run(Execution execution) {
        try (ShellState state = ShellState.fresh()) {
            return run(execution, state);
        }
    }

    /** Runs the block after what earlier blocks of the same run left in {@code state} (their exports, their directory). */
    String run(Execution execution, ShellState state) {
        BlockOutput out = new BlockOutput(portal.lab().runner().outputKib() * 1024,
                text -> portal.feed().publishBlock(new LiveEvent.BlockOutput(execution.runId(), block.id(), text)));
        output = out;
        BlockRun.Status status;
        Integer exit = null;
        Duration timeout = portal.lab().runner().timeout();
        try {
            long deadline = System.nanoTime() + timeout.toNanos();
            ServiceStarts services = new ServiceStarts(portal.runtime(), portal.ports(), out, execution.cancellation());
            portal.runtime().subscribe(services);
            try {
                for (BlockPlan.Segment segment : BlockPlan.of(block.code()).segments()) {
                    exit = switch (segment) {
                        case BlockPlan.Shell shell -> shell(execution, shell.script(), state, deadline, out);
                        case BlockPlan.StartService start -> services.start(start, deadline);
                        case BlockPlan.StopService stop -> services.stop(stop);
                    };
                    if (execution.cancellation().cancelled() || System.nanoTime() > deadline || segment instanceof BlockPlan.StartService && exit != 0) {
                        break;
                    }
                }
            } finally {
                portal.runtime().unsubscribe(services);
            }
            if (execution.cancellation().cancelled()) {
                status = BlockRun.Status.CANCELLED;
                out.note("cancelled");
            } else if (System.nanoTime() > deadline) {
                status = BlockRun.Status.TIMED_OUT;
                out.note("stopped: the block ran longer than " + timeout.toSeconds() + " s (content/lab.yaml, runner.timeout_seconds)");
            } else {
                status = exit != null && exit == 0 ? BlockRun.Status.SUCCEEDED : BlockRun.Status.FAILED;
            }
        } catch (IOException e) {
            LOG.log(Level.WARNING, "block " + block.id() + " could not run", e);
            out.note("the portal could not run this block: " + e.getMessage());
            status = BlockRun.Status.FAILED;
        }
        portal.store().finish(execution.runId(), status, exit, out.text(), out.dropped());
        return status.name();
    }

    @Override
    public String failed(Execution execution, Throwable problem) {
        BlockOutput out = output != null ? output : new BlockOutput(portal.lab().runner().outputKib() * 1024, text -> { });
        out.note("the portal could not run this block: " + problem.getMessage());
        portal.store().finish(execution.runId(), BlockRun.Status.FAILED, null, out.text(), out.dropped());
        return BlockRun.Status.FAILED.name();
    }

    @Override
    public void announce(Execution execution) {
        portal.store().run(execution.runId()).ifPresent(r -> portal.feed().publishBlock(new LiveEvent.BlockFinished(r)));
    }

    /**
     * Lines for bash. {@code timeout} bounds them even if the portal itself is killed (a little after the
     * runner's own deadline, which stops them first and says so); whatever they leave running in the
     * background (a child, not a daemon that detached on purpose, such as nginx) is stopped when they end.
     */
    private int shell(Execution execution, String script, ShellState state, long deadline, BlockOutput out) throws IOException {
        long seconds = Math.max(1, TimeUnit.NANOSECONDS.toSeconds(deadline - System.nanoTime())) + 5;
        ProcessBuilder pb = new ProcessBuilder("timeout", "--kill-after=5", Long.toString(seconds), "bash", "--noprofile", "--norc", "-c",
                script).directory(portal.repo().toFile()).redirectErrorStream(true);
        Map<String, String> env = pb.environment();
        state.into(env);
        env.put("PATH", Path.of(System.getProperty("java.home"), "bin") + ":" + env.getOrDefault("PATH", "/usr/bin:/bin"));
        portal.ports().forEach((service, port) -> env.put(service == LabService.ML ? "ML_PORT" : "TRADITIONAL_PORT", port.toString()));
        Process process = pb.start();
        Runnable stopOnCancel = () -> stop(process);
        execution.cancellation().onCancel(stopOnCancel);
        Thread reader = Thread.ofVirtual().start(() -> copy(process, out));
        try {
            while (!process.waitFor(100, TimeUnit.MILLISECONDS)) {
                if (execution.cancellation().cancelled() || System.nanoTime() > deadline) {
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
            execution.cancellation().remove(stopOnCancel);
            // What the block left in the background, by now handed to init, out of the tree.
            ProcessTree.stop(ProcessTree.group(process.pid()), STOP_GRACE);
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
}
