package lab.portal.live;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import lab.portal.progress.StoredRun;
import lab.portal.runtime.ServedModel;

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

    /** What a page that joins late needs first: the recent past, then live events. */
    record History(List<LiveEvent> events) implements LiveEvent {
    }
}
