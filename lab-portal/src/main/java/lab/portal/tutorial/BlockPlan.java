package lab.portal.tutorial;

import lab.portal.runtime.LabService;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A guide block as the runner runs it, in order: its shell lines by bash, and each line that starts a
 * service ({@code java ... -jar ml-api/target/ml-api.jar}, with an optional {@code PORT=} and {@code &})
 * by the portal's runtime instead, so that replica is tracked, shown in the Services panel and stopped
 * with the portal, whether it runs as a process or as a container.
 */
record BlockPlan(List<Segment> segments) {

    sealed interface Segment {
    }

    /** Lines bash runs as they stand. */
    record Shell(String script) implements Segment {
    }

    /**
     * A line that starts a service. {@code port} is the one it asked for (null: the service's first), and
     * {@code background} whether it ended in {@code &}: the runner then goes on once the replica is started,
     * else once it is ready, as a terminal would.
     */
    record StartService(LabService service, Integer port, boolean background, String line) implements Segment {
    }

    private static final Pattern SERVICE_LINE = Pattern.compile(
            "^\\s*(?:PORT=(\\d{2,5})\\s+)?java\\s+(?:\\S+\\s+)*?-jar\\s+(traditional-api|ml-api)/target/\\2\\.jar\\s*(&)?\\s*(?:#.*)?$");

    static BlockPlan of(String code) {
        List<Segment> segments = new ArrayList<>();
        StringBuilder shell = new StringBuilder();
        for (String line : code.split("\n", -1)) {
            Matcher m = SERVICE_LINE.matcher(line);
            if (m.matches()) {
                if (!shell.toString().isBlank()) segments.add(new Shell(shell.toString()));
                shell.setLength(0);
                LabService service = m.group(2).equals(LabService.ML.id()) ? LabService.ML : LabService.TRADITIONAL;
                segments.add(new StartService(service, m.group(1) == null ? null : Integer.valueOf(m.group(1)), m.group(3) != null, line.strip()));
            } else {
                shell.append(line).append('\n');
            }
        }
        if (!shell.toString().isBlank()) segments.add(new Shell(shell.toString()));
        return new BlockPlan(List.copyOf(segments));
    }
}
