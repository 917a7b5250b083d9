package lab.portal.classroom;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionTemplate;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/** The class's reports in the portal's database (H2 by default, PostgreSQL through spring.datasource.*). */
@Repository
public class ClassReportStore {
    /** A learner's latest report as it arrived. */
    record Stored(String learner, Instant receivedAt, String reportJson) {
    }

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;

    public ClassReportStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
        this.transaction = new TransactionTemplate(new DataSourceTransactionManager(jdbc.getDataSource()));
    }

    /**
     * Keeps the learner's report in place of any earlier one. Writes are serialised here: two reports of one
     * learner at once would otherwise race for the key, and the class portal is one process.
     */
    synchronized void save(String learner, Instant receivedAt, String reportJson) {
        String key = key(learner);
        transaction.executeWithoutResult(t -> {
            jdbc.update("delete from class_report where learner_key = ?", key);
            jdbc.update("insert into class_report (learner_key, learner_name, received_at, report_json) values (?, ?, ?, ?)",
                    key, learner, Timestamp.from(receivedAt), reportJson);
        });
    }

    List<Stored> all() {
        return jdbc.query("select learner_name, received_at, report_json from class_report order by learner_key",
                (rs, i) -> new Stored(rs.getString(1), rs.getTimestamp(2).toInstant(), rs.getString(3)));
    }

    int count() {
        Integer n = jdbc.queryForObject("select count(*) from class_report", Integer.class);
        return n == null ? 0 : n;
    }

    static String key(String learner) {
        return learner.strip().toLowerCase(Locale.ROOT);
    }
}
