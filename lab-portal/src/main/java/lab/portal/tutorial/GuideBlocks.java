package lab.portal.tutorial;

import lab.portal.activity.ActivityKind;
import lab.portal.activity.ActivityRunner;
import lab.portal.activity.Stage;
import lab.portal.content.GuideBlock;
import lab.portal.content.GuideStep;
import lab.portal.content.LabContent;
import lab.portal.live.LiveFeed;
import lab.portal.progress.BlockRun;
import lab.portal.progress.BlockRunStore;
import lab.portal.runtime.LabService;
import lab.portal.runtime.ServiceRuntime;
import lab.portal.settings.LabProperties;
import org.springframework.stereotype.Service;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The guide's bash blocks, run from the page one at a time and never during an experiment: each run an
 * activity on the one activity runner. It runs only blocks of the loaded guide, named by the id the portal
 * gave them: a request never carries command text.
 */
@Service
public class GuideBlocks {

    /** No block of the guide has this id. */
    public static final class UnknownBlock extends Exception {
        UnknownBlock(String message) {
            super(message);
        }
    }

    /** The block needs what this machine lacks; the message says what, and what to do instead. */
    public static final class CannotRunHere extends Exception {
        CannotRunHere(String message) {
            super(message);
        }
    }

    private final LabContent lab;
    private final ActivityRunner activities;
    private final BlockRunStore store;
    private final BlockActivity.Portal portal;
    private volatile java.util.function.Supplier<BlockActivity> latest;
    /** Per block, what it needs that this machine lacks (checked once: the machine does not change under a running portal). */
    private final Map<String, List<String>> missing = new java.util.LinkedHashMap<>();

    public GuideBlocks(LabContent lab, ActivityRunner activities, ServiceRuntime runtime, BlockRunStore store, LiveFeed feed, LabProperties properties) {
        this.lab = lab;
        this.activities = activities;
        this.store = store;
        this.portal = new BlockActivity.Portal(lab, runtime, store, feed, properties.repoPath(),
                Map.of(LabService.TRADITIONAL, properties.services().traditional().port(), LabService.ML, properties.services().ml().port()));
        lab.guide().steps().forEach(s -> s.blocks().forEach(b -> {
            List<String> lacks = BlockRequirements.missing(b, properties.repoPath());
            if (!lacks.isEmpty()) missing.put(b.id(), lacks);
        }));
    }

    /** The blocks that cannot run where this portal runs, with what each lacks. */
    public Map<String, List<String>> unrunnable() {
        return java.util.Collections.unmodifiableMap(missing);
    }

    /** Starts the block; returns the run's id. */
    public long start(String blockId) throws UnknownBlock, Stage.Busy, CannotRunHere {
        GuideBlock block = lab.guide().block(blockId).orElseThrow(() -> new UnknownBlock("the guide has no block '" + blockId + "'"));
        if (missing.containsKey(blockId)) {
            throw new CannotRunHere("block " + blockId + " cannot run where this portal runs: it needs " + String.join(", ", missing.get(blockId))
                    + ". Run it in a terminal on a machine that has them (the repository's root, the lab's JDK first on PATH).");
        }
        BlockActivity activity = new BlockActivity(block, portal);
        long id = activities.start(activity);
        latest = () -> activity;
        return id;
    }

    /**
     * Run this step: starts the step's blocks, in order, as one activity that stops at the first that does
     * not succeed; returns the first block's run id. Refused whole when a block of it cannot run here.
     */
    public long startStep(String stepId) throws UnknownBlock, Stage.Busy, CannotRunHere {
        GuideStep step = lab.guide().steps().stream().filter(s -> s.id().equals(stepId)).findFirst()
                .orElseThrow(() -> new UnknownBlock("the guide has no step '" + stepId + "'"));
        if (step.blocks().isEmpty()) throw new CannotRunHere(stepId + " has no blocks to run: its check says what to do");
        for (GuideBlock b : step.blocks()) {
            if (missing.containsKey(b.id())) {
                throw new CannotRunHere("block " + b.id() + " of " + stepId + " cannot run where this portal runs: it needs "
                        + String.join(", ", missing.get(b.id())) + ". Run the step in a terminal on a machine that has them.");
            }
        }
        StepActivity activity = new StepActivity(stepId, step.blocks().stream().map(b -> new BlockActivity(b, portal)).toList(), portal.feed());
        long id = activities.start(activity);
        latest = activity::current;
        return id;
    }

    /** Stops the running block (its processes and what they started); false when none runs. */
    public boolean cancel() {
        return activities.cancel(ActivityKind.BLOCK) || activities.cancel(ActivityKind.STEP);
    }

    /** What the running block has printed so far (the kept end of it), or "" when that run is not running. */
    String outputSoFar(long runId) {
        java.util.function.Supplier<BlockActivity> running = latest;
        if (running == null) return "";
        return activities.activeRun(ActivityKind.BLOCK) == runId || activities.activeRun(ActivityKind.STEP) == runId ? running.get().outputSoFar() : "";
    }

    /** The latest run of the block, if it has run. */
    public Optional<BlockRun> latest(String blockId) {
        return Optional.ofNullable(store.latest().get(blockId));
    }
}
