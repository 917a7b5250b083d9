package lab.portal.progress;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;

import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The runs of the guide's blocks: the latest of each counts; older ones beyond a few are dropped. */
@Repository
public class BlockRunStore {
    /** Runs kept per block: enough to look back, not a growing log. */
    private static final int KEPT_PER_BLOCK = 5;

    private final JdbcTemplate jdbc;

    public BlockRunStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
        // A block cannot outlive the portal's watch over it (its own timeout stops it): say so.
        jdbc.update("update block_run set status = 'INTERRUPTED', finished_at = ? where status = 'RUNNING'", Timestamp.from(Instant.now()));
    }

    public long start(String blockId, String stepId) {
        GeneratedKeyHolder key = new GeneratedKeyHolder();
        jdbc.update(c -> {
            PreparedStatement ps = c.prepareStatement("insert into block_run (block_id, step_id, started_at, status) values (?, ?, ?, 'RUNNING')",
                    new String[]{"id"});
            ps.setString(1, blockId);
            ps.setString(2, stepId);
            ps.setTimestamp(3, Timestamp.from(Instant.now()));
            return ps;
        }, key);
        long id = key.getKey().longValue();
        jdbc.update("delete from block_run where block_id = ? and id <= ?", blockId, id - KEPT_PER_BLOCK);
        return id;
    }

    /** A run that happened elsewhere (typed in the page's terminal), stored whole; returns it. */
    public BlockRun record(String blockId, String stepId, Instant startedAt, Instant finishedAt, BlockRun.Status status, Integer exitCode,
                           String output) {
        GeneratedKeyHolder key = new GeneratedKeyHolder();
        jdbc.update(c -> {
            PreparedStatement ps = c.prepareStatement("insert into block_run (block_id, step_id, started_at, finished_at, status, exit_code, output) "
                    + "values (?, ?, ?, ?, ?, ?, ?)", new String[]{"id"});
            ps.setString(1, blockId);
            ps.setString(2, stepId);
            ps.setTimestamp(3, Timestamp.from(startedAt));
            ps.setTimestamp(4, Timestamp.from(finishedAt));
            ps.setString(5, status.name());
            ps.setObject(6, exitCode);
            ps.setString(7, output);
            return ps;
        }, key);
        long id = key.getKey().longValue();
        jdbc.update("delete from block_run where block_id = ? and id <= ?", blockId, id - KEPT_PER_BLOCK);
        return run(id).orElseThrow();
    }

    public void finish(long id, BlockRun.Status status, Integer exitCode, String output, long dropped) {
        jdbc.update("update block_run set status = ?, finished_at = ?, exit_code = ?, output = ?, dropped = ? where id = ?",
                status.name(), Timestamp.from(Instant.now()), exitCode, output, dropped, id);
    }

    public Optional<BlockRun> run(long id) {
        return jdbc.query("select * from block_run where id = ?", runs(), id).stream().findFirst();
    }

    /** The newest run of each block. */
    public Map<String, BlockRun> latest() {
        Map<String, BlockRun> out = new LinkedHashMap<>();
        List<BlockRun> runs = jdbc.query("select * from block_run r where id = (select max(id) from block_run where block_id = r.block_id) "
                + "order by id", runs());
        runs.forEach(r -> out.put(r.block(), r));
        return out;
    }

    /** Forgets every block run (the cleanup's "my data too"). */
    public void clear() {
        jdbc.update("delete from block_run");
    }

    private static RowMapper<BlockRun> runs() {
        return (rs, n) -> {
            Timestamp finished = rs.getTimestamp("finished_at");
            int exit = rs.getInt("exit_code");
            return new BlockRun(rs.getLong("id"), rs.getString("block_id"), rs.getString("step_id"), rs.getTimestamp("started_at").toInstant(),
                    finished == null ? null : finished.toInstant(), BlockRun.Status.valueOf(rs.getString("status")),
                    rs.wasNull() ? null : exit, rs.getString("output"), rs.getLong("dropped"));
        };
    }
}
