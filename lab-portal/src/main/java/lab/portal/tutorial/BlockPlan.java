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
     * A line that starts a service. {@code port} is the one it asked for as a number, or {@code offset} its
     * distance from the service's own port ({@code PORT=$(( ${ML_PORT:-8002} + 10 ))}: 10), null for neither
     * (the service's first port); {@code background} whether it ended in {@code &}: the runner then goes on
     * once the replica is started, else once it is ready, as a terminal would.
     */
    record StartService(LabService service, Integer port, Integer offset, boolean background, String line) implements Segment {
        /** The port this line asks for, given the service's first port. */
        int portFrom(int first) {
            return offset != null ? first + offset : port != null ? port : first;
        }
    }

    /**
     * {@code kill $!} right after a line that started a replica in the background: in a terminal it stops
     * that process; here the runtime stops that replica, so the next step starts it fresh.
     */
    record StopService(LabService service, Integer port, Integer offset, String line) implements Segment {
        int portFrom(int first) {
            return offset != null ? first + offset : port != null ? port : first;
        }
    }

    private static final Pattern KILL_LAST = Pattern.compile("^\\s*kill\\s+\\$!\\s*(?:#.*)?$");

    /** {@code PORT=8012}, or {@code PORT=$(( ${ML_PORT:-8002} + 10 ))} (the port variable must be the started service's). */
    private static final Pattern SERVICE_LINE = Pattern.compile("^\\s*(?:PORT=(?:(\\d{2,5})|\\$\\(\\(\\s*\\$\\{(TRADITIONAL|ML)_PORT(?::-\\d+)?}\\s*\\+\\s*(\\d+)\\s*\\)\\))\\s+)?"
            + "java\\s+(?:\\S+\\s+)*?-jar\\s+(traditional-api|ml-api)/target/\\4\\.jar\\s*(&)?\\s*(?:#.*)?$");

    static BlockPlan of(String code) {
        List<Segment> segments = new ArrayList<>();
        StringBuilder shell = new StringBuilder();
        StartService lastInBackground = null;
        for (String line : code.split("\n", -1)) {
            if (lastInBackground != null && KILL_LAST.matcher(line).matches()) {
                if (!shell.toString().isBlank()) segments.add(new Shell(shell.toString()));
                shell.setLength(0);
                segments.add(new StopService(lastInBackground.service(), lastInBackground.port(), lastInBackground.offset(), line.strip()));
                lastInBackground = null;
                continue;
            }
            Matcher m = SERVICE_LINE.matcher(line);
            LabService service = m.matches() ? (m.group(4).equals(LabService.ML.id()) ? LabService.ML : LabService.TRADITIONAL) : null;
            if (service != null && (m.group(2) == null || m.group(2).equals(service.key().toUpperCase(java.util.Locale.ROOT)))) {
                if (!shell.toString().isBlank()) segments.add(new Shell(shell.toString()));
                shell.setLength(0);
                StartService start = new StartService(service, m.group(1) == null ? null : Integer.valueOf(m.group(1)),
                        m.group(3) == null ? null : Integer.valueOf(m.group(3)), m.group(5) != null, line.strip());
                segments.add(start);
                if (start.background()) lastInBackground = start;
            } else {
                shell.append(line).append('\n');
            }
        }
        if (!shell.toString().isBlank()) segments.add(new Shell(shell.toString()));
        return new BlockPlan(List.copyOf(segments));
    }
}
