package lab.portal.progress;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.time.Duration;
import java.time.Instant;

/**
 * One run of a guide block as the store keeps it and the page shows it: how it ended, its exit code and
 * the end of its output ({@code dropped} characters before it were not kept).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BlockRun(long id, String block, String step, Instant startedAt, Instant finishedAt, Status status, Integer exitCode,
                       String output, long dropped) {

    public enum Status {
        RUNNING, SUCCEEDED, FAILED, CANCELLED, TIMED_OUT, INTERRUPTED
    }

    /** Seconds from start to end, or null while it runs; the page shows it beside the exit code. */
    @JsonProperty("duration_s")
    public Double durationS() {
        return finishedAt == null ? null : Duration.between(startedAt, finishedAt).toMillis() / 1000.0;
    }
}
