package lab.portal.tutorial;

import lab.portal.activity.Activity;
import lab.portal.activity.ActivityKind;
import lab.portal.live.LiveEvent;
import lab.portal.live.LiveFeed;
import lab.portal.progress.BlockRun;

import java.util.List;

/**
 * Run this step: the step's blocks in the guide's order, each stored and shown as its own block run, until
 * one does not succeed. Variables a block exports, and the directory it ends in, carry to the next block
 * ({@link ShellState}), as in one shell. The page hears where it stopped and why.
 */
final class StepActivity implements Activity {
    private final String step;
    private final List<BlockActivity> blocks;
    private final LiveFeed feed;
    private volatile int current;
    private volatile long currentRun;
    private volatile String status;

    StepActivity(String step, List<BlockActivity> blocks, LiveFeed feed) {
        if (blocks.isEmpty()) throw new IllegalArgumentException(step + " has no blocks to run");
        this.step = step;
        this.blocks = List.copyOf(blocks);
        this.feed = feed;
    }

    @Override
    public ActivityKind kind() {
        return ActivityKind.STEP;
    }

    @Override
    public String subject() {
        return step;
    }

    /** The block running now. */
    BlockActivity current() {
        return blocks.get(current);
    }

    @Override
    public long begin() {
        feed.publishBlock(new LiveEvent.StepStarted(step, blocks.stream().map(b -> b.block().id()).toList()));
        currentRun = blocks.getFirst().begin();
        return currentRun;
    }

    @Override
    public String run(Execution execution) {
        try (ShellState state = ShellState.fresh()) {
            for (int i = 0; i < blocks.size(); i++) {
                BlockActivity block = blocks.get(i);
                if (i > 0) {
                    blocks.get(i - 1).announce(new Execution(currentRun, execution.cancellation()));
                    currentRun = block.begin();
                }
                current = i;
                status = block.run(new Execution(currentRun, execution.cancellation()), state);
                if (!BlockRun.Status.SUCCEEDED.name().equals(status)) return status;
            }
            return status;
        }
    }

    @Override
    public String failed(Execution execution, Throwable problem) {
        status = current().failed(new Execution(currentRun, execution.cancellation()), problem);
        return status;
    }

    /** The last block's end, then the step's: how many ran, and the block it stopped at if one did not succeed. */
    @Override
    public void announce(Execution execution) {
        current().announce(new Execution(currentRun, execution.cancellation()));
        boolean succeeded = BlockRun.Status.SUCCEEDED.name().equals(status);
        feed.publishBlock(new LiveEvent.StepFinished(step, status, current + 1, blocks.size(), succeeded ? null : current().block().id()));
    }
}
