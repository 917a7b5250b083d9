package lab.portal.progress;

import com.fasterxml.jackson.annotation.JsonInclude;
import lab.portal.content.Check;
import lab.portal.evidence.Evidence;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One experiment run as the store keeps it, and as the page and the API show it. {@code evidence} and
 * {@code checks} are empty for a run that failed; {@code failure} then says why. {@code parameters} are the
 * ones it ran with (null for runs stored before runs kept them).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record StoredRun(long id, String experiment, Instant startedAt, Instant finishedAt, Status status, String runtime,
                        String model, String failure, Evidence evidence, List<Check.Result> checks, Map<String, Object> parameters) {

    public enum Status {
        RUNNING, PASSED, CHECKS_FAILED, FAILED, CANCELLED, INTERRUPTED, IMPORTED
    }

    /** Whether every check of the run passed. */
    public boolean allPassed() {
        return !checks.isEmpty() && checks.stream().allMatch(Check.Result::passed);
    }
}
