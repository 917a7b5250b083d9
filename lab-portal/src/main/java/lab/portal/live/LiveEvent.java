package lab.portal.live;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import lab.portal.progress.BlockRun;
import lab.portal.progress.LabProgress;
import lab.portal.progress.StoredRun;
import lab.portal.services.ServedModel;

import java.util.List;

/**
 * Everything the page learns over /live, one record per kind; the JSON carries the kind as
 * {@code "type"}. The page reads fields by name.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = LiveEvent.Log.class, name = "log"),
        @JsonSubTypes.Type(value = LiveEvent.Sample.class, name = "sample"),
        @JsonSubTypes.Type(value = LiveEvent.State.class, name = "state"),
        @JsonSubTypes.Type(value = LiveEvent.Model.class, name = "model"),
        @JsonSubTypes.Type(value = LiveEvent.RunStarted.class, name = "run-started"),
        @JsonSubTypes.Type(value = LiveEvent.RunProgress.class, name = "run-progress"),
        @JsonSubTypes.Type(value = LiveEvent.RunPoint.class, name = "run-point"),
        @JsonSubTypes.Type(value = LiveEvent.RunFinished.class, name = "run-finished"),
        @JsonSubTypes.Type(value = LiveEvent.BlockStarted.class, name = "block-started"),
        @JsonSubTypes.Type(value = LiveEvent.BlockOutput.class, name = "block-output"),
        @JsonSubTypes.Type(value = LiveEvent.BlockFinished.class, name = "block-finished"),
        @JsonSubTypes.Type(value = LiveEvent.BlockTyped.class, name = "block-typed"),
        @JsonSubTypes.Type(value = LiveEvent.StepStarted.class, name = "step-started"),
        @JsonSubTypes.Type(value = LiveEvent.StepFinished.class, name = "step-finished"),
        @JsonSubTypes.Type(value = LiveEvent.Standing.class, name = "standing"),
        @JsonSubTypes.Type(value = LiveEvent.Metrics.class, name = "metrics"),
        @JsonSubTypes.Type(value = LiveEvent.ClassChanged.class, name = "class"),
        @JsonSubTypes.Type(value = LiveEvent.History.class, name = "history")})
public sealed interface LiveEvent {

    /** A line a replica (or an image build, {@code image:<service>}) printed. */
    record Log(String replica, long at, String text) implements LiveEvent {
    }

    /** A replica's CPU (percent of one core) and resident memory, about once a second. */
    record Sample(String replica, long at, double cpuPct, double rssMb) implements LiveEvent {
    }

    /** A replica's state as the runtime's probe saw it. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record State(String replica, String service, int port, String state, boolean oomKilled, Integer exitCode) implements LiveEvent {
    }

    record Model(ServedModel.Info info) implements LiveEvent {
    }

    record RunStarted(long runId, String experiment, String title) implements LiveEvent {
    }

    record RunProgress(long runId, String experiment, String message, double fraction) implements LiveEvent {
    }

    /** One measured row of a run's series, with the series' columns. */
    record RunPoint(long runId, String experiment, String series, List<String> columns, List<Double> row) implements LiveEvent {
    }

    record RunFinished(String experiment, StoredRun run) implements LiveEvent {
        public RunFinished(StoredRun run) {
            this(run.experiment(), run);
        }
    }

    /** A guide block began to run. */
    record BlockStarted(long runId, String block, String step) implements LiveEvent {
    }

    /** Output of the running block, as it came. */
    record BlockOutput(long runId, String block, String text) implements LiveEvent {
    }

    record BlockFinished(String block, BlockRun run) implements LiveEvent {
        public BlockFinished(BlockRun run) {
            this(run.block(), run);
        }
    }

    /** Every line of a block was typed in the page's terminal: this run, kept like one from the Run button. */
    record BlockTyped(String block, BlockRun run) implements LiveEvent {
        public BlockTyped(BlockRun run) {
            this(run.block(), run);
        }
    }

    /** Run this step began: these blocks, in this order, until one fails. */
    record StepStarted(String step, List<String> blocks) implements LiveEvent {
    }

    /**
     * Run this step ended: {@code ran} blocks ran; {@code stoppedAt} is the block that did not succeed
     * (null when all did), with its status ({@code FAILED}, {@code CANCELLED}, ...) as {@code status}.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record StepFinished(String step, String status, int ran, int of, String stoppedAt) implements LiveEvent {
    }

    /** The learner's standing changed (a run or block ended, an answer was saved): the header and checklist redraw. */
    record Standing(LabProgress.Standing standing) implements LiveEvent {
    }

    /**
     * What a replica's own /metrics said in the last second: request rate, p50/p99 from the latency
     * histogram, errors per second (5xx and 429), and for ml-api the batching queue's depth and the mean
     * batch size. Null where the replica reports no such metric or nothing happened; {@code scrapeError}
     * says why a scrape failed.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Metrics(String replica, String service, long at, Double requestsPerS, Double p50Ms, Double p99Ms, Double errorsPerS,
                   Double queueDepth, Double batchSize, Boolean ready, String scrapeError) implements LiveEvent {
    }

    /** A class portal took a learner's report: the class page reads the class again. */
    record ClassChanged(int learners) implements LiveEvent {
    }

    /** What a page that joins late needs first: the recent past, then live events. */
    record History(List<LiveEvent> events) implements LiveEvent {
    }
}
