package lab.portal.progress;

import lab.portal.content.Check;
import lab.portal.evidence.Evidence;
import lab.portal.evidence.Series;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The learner's progress in the database: runs (never overwritten) and answers. What a run measured is
 * kept as JSON. "Measured" has one definition, {@link StoredRun.Status#measured()}: the runs whose figures
 * the checklist, the questions and the cost panel read.
 */
@Repository
public class ProgressStore {
    /** The statuses of runs that measured something, as SQL: from the one definition. */
    static final String MEASURED = Arrays.stream(StoredRun.Status.values()).filter(StoredRun.Status::measured)
            .map(s -> "'" + s.name() + "'").collect(Collectors.joining(", ", "(", ")"));

    private final JdbcTemplate jdbc;
    private final JsonMapper json;
    private final TransactionTemplate transaction;

    public ProgressStore(JdbcTemplate jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
        this.transaction = new TransactionTemplate(new DataSourceTransactionManager(jdbc.getDataSource()));
        // A run cannot survive the portal: say so instead of showing it as running forever.
        jdbc.update("update experiment_run set status = 'INTERRUPTED', finished_at = ?, failure = ? where status = 'RUNNING'",
                Timestamp.from(Instant.now()), "the portal stopped while this run was in progress; run it again");
    }

    /** Records a run that starts now with these parameters; returns its id. */
    public long startRun(String experimentId, String runtime, Map<String, Object> parameters) {
        return insertRun(experimentId, runtime, Instant.now(), parameters);
    }

    private long insertRun(String experimentId, String runtime, Instant startedAt, Map<String, Object> parameters) {
        GeneratedKeyHolder key = new GeneratedKeyHolder();
        String parametersJson = parameters == null ? null : json.writeValueAsString(parameters);
        jdbc.update(c -> {
            // The key column by name: PostgreSQL returns every column for RETURN_GENERATED_KEYS.
            PreparedStatement ps = c.prepareStatement("insert into experiment_run (experiment_id, started_at, status, runtime, parameters_json) "
                    + "values (?, ?, 'RUNNING', ?, ?)", new String[]{"id"});
            ps.setString(1, experimentId);
            ps.setTimestamp(2, Timestamp.from(startedAt));
            ps.setString(3, runtime);
            ps.setString(4, parametersJson);
            return ps;
        }, key);
        return key.getKey().longValue();
    }

    /** Stores what the run measured and how its checks came out; returns the status that gives it. */
    public StoredRun.Status finishRun(long id, Evidence evidence, List<Check.Result> checks, String model) {
        StoredRun.Status status = checks.stream().allMatch(Check.Result::passed) ? StoredRun.Status.PASSED : StoredRun.Status.CHECKS_FAILED;
        jdbc.update("update experiment_run set status = ?, finished_at = ?, model = ?, evidence_json = ?, checks_json = ? where id = ?",
                status.name(), Timestamp.from(Instant.now()), model, json.writeValueAsString(evidence), json.writeValueAsString(checks), id);
        return status;
    }

    public void failRun(long id, StoredRun.Status status, String reason, String model) {
        jdbc.update("update experiment_run set status = ?, finished_at = ?, failure = ?, model = ? where id = ?",
                status.name(), Timestamp.from(Instant.now()), truncate(reason), model, id);
    }

    /** A run brought in from another machine's report: its figures and the check results judged on them here. */
    public long importRun(String experimentId, Instant finishedAt, String runtime, String model, Map<String, Object> parameters,
                          Evidence evidence, List<Check.Result> checks) {
        long id = insertRun(experimentId, runtime, finishedAt, parameters);
        jdbc.update("update experiment_run set status = 'IMPORTED', finished_at = ?, model = ?, evidence_json = ?, checks_json = ? where id = ?",
                Timestamp.from(finishedAt), model, json.writeValueAsString(evidence), json.writeValueAsString(checks), id);
        return id;
    }

    public Optional<StoredRun> run(long id) {
        return jdbc.query("select * from experiment_run where id = ?", runs(), id).stream().findFirst();
    }

    /** The newest run of each experiment, whatever its outcome. */
    public Map<String, StoredRun> latestRuns() {
        return byExperiment(jdbc.query("select * from experiment_run r where id = "
                + "(select max(id) from experiment_run where experiment_id = r.experiment_id)", runs()));
    }

    /** The newest run of each experiment that measured something: what checks, questions and costs read. */
    public Map<String, StoredRun> latestMeasuredRuns() {
        return byExperiment(jdbc.query("select * from experiment_run r where id = (select max(id) from experiment_run "
                + "where experiment_id = r.experiment_id and status in " + MEASURED + ")", runs()));
    }

    /** Saves an answer whether or not one exists (two first saves at once included). */
    public void saveAnswer(String questionId, String text) {
        Timestamp now = Timestamp.from(Instant.now());
        if (jdbc.update("update answer set answer_text = ?, updated_at = ? where question_id = ?", text, now, questionId) > 0) return;
        try {
            jdbc.update("insert into answer (question_id, answer_text, updated_at) values (?, ?, ?)", questionId, text, now);
        } catch (DuplicateKeyException raced) {
            jdbc.update("update answer set answer_text = ?, updated_at = ? where question_id = ?", text, now, questionId);
        }
    }

    /** Forgets every run, answer and skip (the cleanup's "my data too"). */
    public void clear() {
        atomically(() -> {
            jdbc.update("delete from experiment_run");
            jdbc.update("delete from answer");
            jdbc.update("delete from step_skip");
        });
    }

    /** Records that the learner skipped the step (a second skip keeps the first's time). */
    public void skip(String stepId) {
        try {
            jdbc.update("insert into step_skip (step_id, skipped_at) values (?, ?)", stepId, Timestamp.from(Instant.now()));
        } catch (DuplicateKeyException already) {
            // skipped before: the first skip stands
        }
    }

    /** The steps the learner skipped. */
    public java.util.Set<String> skipped() {
        return new java.util.LinkedHashSet<>(jdbc.queryForList("select step_id from step_skip order by skipped_at", String.class));
    }

    public Map<String, String> answers() {
        Map<String, String> answers = new LinkedHashMap<>();
        jdbc.query("select question_id, answer_text from answer order by question_id", rs -> {
            answers.put(rs.getString(1), rs.getString(2));
        });
        return answers;
    }

    /** Runs a unit of work in one transaction: all of it is stored, or none (a report's import). */
    public void atomically(Runnable work) {
        transaction.executeWithoutResult(status -> work.run());
    }

    private static Map<String, StoredRun> byExperiment(List<StoredRun> runs) {
        Map<String, StoredRun> latest = new LinkedHashMap<>();
        runs.forEach(r -> latest.put(r.experiment(), r));
        return latest;
    }

    private RowMapper<StoredRun> runs() {
        return (rs, n) -> {
            Timestamp finished = rs.getTimestamp("finished_at");
            String evidence = rs.getString("evidence_json");
            String checks = rs.getString("checks_json");
            String parameters = rs.getString("parameters_json");
            return new StoredRun(rs.getLong("id"), rs.getString("experiment_id"), rs.getTimestamp("started_at").toInstant(),
                    finished == null ? null : finished.toInstant(), StoredRun.Status.valueOf(rs.getString("status")),
                    rs.getString("runtime"), rs.getString("model"), rs.getString("failure"),
                    evidence == null ? Evidence.NONE : evidence(evidence),
                    checks == null ? List.of() : json.readValue(checks, new TypeReference<List<Check.Result>>() { }),
                    parameters == null ? null : json.readValue(parameters, new TypeReference<Map<String, Object>>() { }));
        };
    }

    /**
     * Stored evidence. Runs stored before series had named columns kept each series as bare rows: they
     * are read with numbered columns (c0, c1, ...), so their figures and checks still count.
     */
    private Evidence evidence(String stored) {
        JsonNode tree = json.readTree(stored);
        JsonNode series = tree.path("series");
        if (series.isObject() && series.properties().stream().anyMatch(e -> e.getValue().isArray())) {
            Evidence.Builder b = Evidence.builder();
            tree.path("figures").properties().forEach(e -> b.figure(e.getKey(), e.getValue().isNumber() ? e.getValue().asDouble() : null));
            series.properties().forEach(e -> {
                List<List<Double>> rows = new ArrayList<>();
                int width = 0;
                for (JsonNode row : e.getValue()) {
                    List<Double> r = new ArrayList<>();
                    row.forEach(v -> r.add(v.isNumber() ? v.asDouble() : null));
                    width = r.size();
                    rows.add(r);
                }
                List<String> columns = new ArrayList<>();
                for (int i = 0; i < width; i++) columns.add("c" + i);
                b.series(e.getKey(), new Series(columns, rows));
            });
            return b.build();
        }
        return json.treeToValue(tree, Evidence.class);
    }

    private static String truncate(String s) {
        return s == null || s.length() <= 4000 ? s : s.substring(0, 3997) + "...";
    }
}
