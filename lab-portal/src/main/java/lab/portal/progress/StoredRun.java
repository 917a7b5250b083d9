package lab.portal.progress;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import lab.portal.content.Check;
import lab.portal.evidence.Evidence;
import lab.portal.services.ServedModel;

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
        RUNNING, PASSED, CHECKS_FAILED, FAILED, CANCELLED, INTERRUPTED, IMPORTED;

        /** The one definition of "measured": a run whose figures its checks could judge (the store and the page both ask this). */
        public boolean measured() {
            return this == PASSED || this == CHECKS_FAILED || this == IMPORTED;
        }
    }

    /** Whether the run measured something: what the page reads instead of knowing statuses of its own. */
    @JsonProperty("measured")
    public boolean measured() {
        return status.measured();
    }

    /**
     * Which model ml-api served in what this run measured, so that a claim about DistilBERT-SST-2 is set
     * beside a measurement of DistilBERT only: "distilbert", "other", or null where it is not known.
     */
    @JsonProperty("ml_model")
    public String mlModel() {
        Double chosen = evidence == null ? null : evidence.figure(ServedModel.DISTILBERT_FIGURE);
        if (chosen != null) return chosen > 0.5 ? "distilbert" : "other";
        return ServedModel.kindOf(model);
    }

    /** Whether every check of the run passed. */
    public boolean allPassed() {
        return !checks.isEmpty() && checks.stream().allMatch(Check.Result::passed);
    }
}
