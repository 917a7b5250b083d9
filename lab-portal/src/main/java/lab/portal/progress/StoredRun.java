package lab.portal.progress;

import com.eclipsesource.json.JsonArray;
import com.eclipsesource.json.JsonObject;
import lab.portal.content.Check;
import lab.portal.experiment.Evidence;

import java.time.Instant;
import java.util.List;

/**
 * One experiment run as the store keeps it. {@code evidence} and {@code checks} are empty for a run
 * that failed; {@code failure} then says why.
 */
public record StoredRun(long id, String experimentId, Instant startedAt, Instant finishedAt, Status status, String runtime,
                        String model, String failure, Evidence evidence, List<Check.Result> checks) {

    public enum Status {
        RUNNING, PASSED, CHECKS_FAILED, FAILED, CANCELLED, INTERRUPTED, IMPORTED;

        /** Whether the run measured something its checks could judge. */
        public boolean measured() {
            return this == PASSED || this == CHECKS_FAILED || this == IMPORTED;
        }
    }

    /** What the page and the API show of a run. */
    public JsonObject toJson() {
        JsonArray checkJson = new JsonArray();
        checks.forEach(c -> checkJson.add(c.toJson()));
        JsonObject o = new JsonObject().add("id", id).add("experiment", experimentId).add("status", status.name())
                .add("started_at", startedAt.toString()).add("runtime", runtime)
                .add("evidence", evidence.toJson()).add("checks", checkJson);
        if (finishedAt != null) o.add("finished_at", finishedAt.toString());
        if (model != null) o.add("model", model);
        if (failure != null) o.add("failure", failure);
        return o;
    }
}
