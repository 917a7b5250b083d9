package lab.portal.progress;

import com.fasterxml.jackson.annotation.JsonInclude;
import lab.portal.content.Check;
import lab.portal.evidence.Evidence;

import java.time.Instant;
import java.util.List;

/**
 * One experiment run as the store keeps it, and as the page and the API show it. {@code evidence} and
 * {@code checks} are empty for a run that failed; {@code failure} then says why.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record StoredRun(long id, String experiment, Instant startedAt, Instant finishedAt, Status status, String runtime,
                        String model, String failure, Evidence evidence, List<Check.Result> checks) {

    public enum Status {
        RUNNING, PASSED, CHECKS_FAILED, FAILED, CANCELLED, INTERRUPTED, IMPORTED
    }

    /** Whether every check of the run passed. */
    public boolean allPassed() {
        return !checks.isEmpty() && checks.stream().allMatch(Check.Result::passed);
    }
}
