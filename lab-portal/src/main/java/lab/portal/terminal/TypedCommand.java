package lab.portal.terminal;

import java.time.Instant;

/** One command line the learner typed in the page's terminal, with its exit code and what it printed (escape codes removed). */
public record TypedCommand(String line, int exitCode, String output, Instant startedAt, Instant finishedAt) {
}
