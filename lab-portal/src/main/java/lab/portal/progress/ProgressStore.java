package lab.portal.progress;

import com.eclipsesource.json.Json;
import com.eclipsesource.json.JsonArray;
import com.eclipsesource.json.JsonValue;
import lab.portal.content.Check;
import lab.portal.experiment.Evidence;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;

import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The learner's progress in the embedded database: runs (never overwritten) and answers. */
@Repository
public class ProgressStore {
    private final JdbcTemplate jdbc;

    public ProgressStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
        // A run cannot survive the portal: say so instead of showing it as running forever.
        jdbc.update("update experiment_run set status = 'INTERRUPTED', finished_at = ?, failure = ? where status = 'RUNNING'",
                Timestamp.from(Instant.now()), "the portal stopped while this run was in progress; run it again");
    }

    public long startRun(String experimentId, String runtime) {
        GeneratedKeyHolder key = new GeneratedKeyHolder();
        jdbc.update(c -> {
            // The key column by name: PostgreSQL returns every column for RETURN_GENERATED_KEYS.
            PreparedStatement ps = c.prepareStatement("insert into experiment_run (experiment_id, started_at, status, runtime) values (?, ?, 'RUNNING', ?)",
                    new String[]{"id"});
            ps.setString(1, experimentId);
            ps.setTimestamp(2, Timestamp.from(Instant.now()));
            ps.setString(3, runtime);
            return ps;
        }, key);
        return key.getKey().longValue();
    }

    public void finishRun(long id, Evidence evidence, List<Check.Result> checks, String model) {
        StoredRun.Status status = checks.stream().allMatch(Check.Result::passed) ? StoredRun.Status.PASSED : StoredRun.Status.CHECKS_FAILED;
        jdbc.update("update experiment_run set status = ?, finished_at = ?, model = ?, evidence_json = ?, checks_json = ? where id = ?",
                status.name(), Timestamp.from(Instant.now()), model, evidence.toJson().toString(), checksJson(checks).toString(), id);
    }

    public void failRun(long id, StoredRun.Status status, String reason, String model) {
        jdbc.update("update experiment_run set status = ?, finished_at = ?, failure = ?, model = ? where id = ?",
                status.name(), Timestamp.from(Instant.now()), truncate(reason), model, id);
    }

    /** A run brought in from another machine's report: its figures and check results, no series. */
    public long importRun(String experimentId, Instant finishedAt, String runtime, String model, Evidence evidence, List<Check.Result> checks) {
        long id = startRun(experimentId, runtime);
        jdbc.update("update experiment_run set status = 'IMPORTED', started_at = ?, finished_at = ?, model = ?, evidence_json = ?, checks_json = ? where id = ?",
                Timestamp.from(finishedAt), Timestamp.from(finishedAt), model, evidence.toJson().toString(), checksJson(checks).toString(), id);
        return id;
    }

    public Optional<StoredRun> run(long id) {
        return jdbc.query("select * from experiment_run where id = ?", RUN, id).stream().findFirst();
    }

    /** The newest run of each experiment, whatever its outcome. */
    public Map<String, StoredRun> latestRuns() {
        Map<String, StoredRun> latest = new LinkedHashMap<>();
        jdbc.query("select * from experiment_run r where id = (select max(id) from experiment_run where experiment_id = r.experiment_id)", RUN)
                .forEach(r -> latest.put(r.experimentId(), r));
        return latest;
    }

    /** The newest run of each experiment that measured something: what checks and the checklist judge. */
    public Map<String, StoredRun> latestMeasuredRuns() {
        Map<String, StoredRun> latest = new LinkedHashMap<>();
        jdbc.query("select * from experiment_run r where id = (select max(id) from experiment_run where experiment_id = r.experiment_id "
                + "and status in ('PASSED', 'CHECKS_FAILED', 'IMPORTED'))", RUN).forEach(r -> latest.put(r.experimentId(), r));
        return latest;
    }

    public void saveAnswer(String questionId, String text) {
        int updated = jdbc.update("update answer set answer_text = ?, updated_at = ? where question_id = ?", text, Timestamp.from(Instant.now()), questionId);
        if (updated == 0) {
            jdbc.update("insert into answer (question_id, answer_text, updated_at) values (?, ?, ?)", questionId, text, Timestamp.from(Instant.now()));
        }
    }

    public Map<String, String> answers() {
        Map<String, String> answers = new LinkedHashMap<>();
        jdbc.query("select question_id, answer_text from answer order by question_id", rs -> {
            answers.put(rs.getString(1), rs.getString(2));
        });
        return answers;
    }

    private static final RowMapper<StoredRun> RUN = (rs, n) -> {
        Timestamp finished = rs.getTimestamp("finished_at");
        String evidence = rs.getString("evidence_json");
        String checks = rs.getString("checks_json");
        return new StoredRun(rs.getLong("id"), rs.getString("experiment_id"), rs.getTimestamp("started_at").toInstant(),
                finished == null ? null : finished.toInstant(), StoredRun.Status.valueOf(rs.getString("status")),
                rs.getString("runtime"), rs.getString("model"), rs.getString("failure"),
                evidence == null ? Evidence.builder().build() : Evidence.fromJson(Json.parse(evidence).asObject()),
                checks == null ? List.of() : checks(Json.parse(checks).asArray()));
    };

    private static JsonArray checksJson(List<Check.Result> checks) {
        JsonArray a = new JsonArray();
        checks.forEach(c -> a.add(c.toJson()));
        return a;
    }

    private static List<Check.Result> checks(JsonArray a) {
        List<Check.Result> out = new ArrayList<>();
        for (JsonValue v : a) out.add(Check.Result.fromJson(v.asObject()));
        return out;
    }

    private static String truncate(String s) {
        return s == null || s.length() <= 4000 ? s : s.substring(0, 3997) + "...";
    }
}
