package lab.portal.terminal;

import lab.portal.content.GuideBlock;
import lab.portal.content.LabContent;
import lab.portal.live.LiveEvent;
import lab.portal.live.LiveFeed;
import lab.portal.progress.BlockRun;
import lab.portal.progress.BlockRunStore;
import lab.portal.progress.LabProgress;
import lab.portal.settings.LabProperties;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the learner types counts. Each command from the page's terminal is stored; once every command line
 * of one of the guide's blocks has been typed, the block has a run made of them — the same evidence its
 * Run button gives, so the step's check judges it the same way. Lines are compared with the services'
 * ports put in ({@code ${TRADITIONAL_PORT:-8001}} and {@code 8001} are the same line) and spaces collapsed.
 * A block whose commands span several lines (a loop, a here-document) counts only from its Run button.
 */
@Service
public class TypedCommands {
    private static final int KEPT = 500;
    private static final Pattern PORT = Pattern.compile("\\$\\{(TRADITIONAL|ML)_PORT(:-\\d+)?}|\\$(TRADITIONAL|ML)_PORT\\b");

    private final LabContent lab;
    private final BlockRunStore blocks;
    private final LiveFeed feed;
    private final LabProgress progress;
    private final JdbcTemplate jdbc;
    private final Map<String, String> ports;
    private final int outputLimit;
    /** The latest typed run of each line, by its compared form. */
    private final Map<String, TypedCommand> latest = new ConcurrentHashMap<>();

    public TypedCommands(LabContent lab, BlockRunStore blocks, LiveFeed feed, LabProgress progress, JdbcTemplate jdbc, LabProperties properties) {
        this.lab = lab;
        this.blocks = blocks;
        this.feed = feed;
        this.progress = progress;
        this.jdbc = jdbc;
        this.ports = Map.of("TRADITIONAL", Integer.toString(properties.services().traditional().port()),
                "ML", Integer.toString(properties.services().ml().port()));
        this.outputLimit = lab.runner().outputKib() * 1024;
    }

    int outputLimit() {
        return outputLimit;
    }

    /** Stores the command and gives each block it completes a run. */
    public synchronized void record(TypedCommand command) {
        jdbc.update("insert into terminal_command (line, exit_code, output, started_at, finished_at) values (?, ?, ?, ?, ?)", command.line(),
                command.exitCode(), command.output(), Timestamp.from(command.startedAt()), Timestamp.from(command.finishedAt()));
        jdbc.update("delete from terminal_command where id <= (select max(id) from terminal_command) - ?", KEPT);
        String typed = compared(command.line());
        if (typed.isEmpty()) return;
        latest.put(typed, command);
        boolean changed = false;
        for (var step : lab.guide().steps()) {
            for (GuideBlock block : step.blocks()) {
                List<String> lines = lines(block.code());
                if (lines.contains(typed) && lines.stream().allMatch(latest::containsKey)) {
                    feed.publishBlock(new LiveEvent.BlockTyped(run(block, lines)));
                    changed = true;
                }
            }
        }
        if (changed) progress.changed();
    }

    private BlockRun run(GuideBlock block, List<String> lines) {
        StringBuilder transcript = new StringBuilder("(typed in the page's terminal)\n");
        Instant started = Instant.MAX, finished = Instant.MIN;
        Integer failed = null;
        for (String line : lines) {
            TypedCommand c = latest.get(line);
            transcript.append("$ ").append(c.line()).append('\n').append(c.output());
            if (!c.output().isEmpty() && !c.output().endsWith("\n")) transcript.append('\n');
            if (c.startedAt().isBefore(started)) started = c.startedAt();
            if (c.finishedAt().isAfter(finished)) finished = c.finishedAt();
            if (failed == null && c.exitCode() != 0) failed = c.exitCode();
        }
        String output = transcript.length() > outputLimit ? transcript.substring(transcript.length() - outputLimit) : transcript.toString();
        return blocks.record(block.id(), block.step(), started, finished, failed == null ? BlockRun.Status.SUCCEEDED : BlockRun.Status.FAILED,
                failed == null ? 0 : failed, output);
    }

    /** A block's command lines: continuation lines joined, blank lines and comments left out. */
    List<String> lines(String code) {
        List<String> out = new ArrayList<>();
        for (String line : code.replace("\\\n", " ").split("\n")) {
            String c = compared(line);
            if (!c.isEmpty() && !c.startsWith("#")) out.add(c);
        }
        return out;
    }

    /** A line as it is compared: the ports as numbers, runs of spaces as one, no space at either end. */
    String compared(String line) {
        Matcher m = PORT.matcher(line.replace("\\\n", " "));
        StringBuilder sb = new StringBuilder();
        while (m.find()) m.appendReplacement(sb, ports.get(m.group(1) != null ? m.group(1) : m.group(3)));
        m.appendTail(sb);
        return sb.toString().strip().replaceAll("\\s+", " ");
    }
}
