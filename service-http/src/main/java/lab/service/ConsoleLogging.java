package lab.service;

import java.time.Instant;
import java.util.logging.ConsoleHandler;
import java.util.logging.Formatter;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * One line per log record on stderr ({@code 2026-11-27T15:40:00.123Z INFO  lab.x message}), level from
 * env {@code LOG_LEVEL} (DEBUG, INFO, WARN, ERROR) and printed with those names. The JDK's logging:
 * no extra start-up cost.
 */
public final class ConsoleLogging {
    private ConsoleLogging() {
    }

    public static void configure(String levelName) {
        Level level = toJul(levelName == null ? "INFO" : levelName.trim().toUpperCase());
        Logger root = Logger.getLogger("");
        for (var h : root.getHandlers()) {
            root.removeHandler(h);
        }
        ConsoleHandler handler = new ConsoleHandler();
        handler.setLevel(level);
        handler.setFormatter(new OneLine());
        root.addHandler(handler);
        root.setLevel(Level.INFO);
        Logger.getLogger("lab").setLevel(level);
    }

    private static Level toJul(String name) {
        return switch (name) {
            case "DEBUG", "FINE" -> Level.FINE;
            case "TRACE", "FINEST" -> Level.FINEST;
            case "WARN", "WARNING" -> Level.WARNING;
            case "ERROR", "SEVERE" -> Level.SEVERE;
            default -> Level.INFO;
        };
    }

    /** Timestamp, level (DEBUG/INFO/WARN/ERROR), logger, message, and the stack trace if any. */
    private static final class OneLine extends Formatter {
        @Override
        public String format(LogRecord r) {
            StringBuilder sb = new StringBuilder(160).append(Instant.ofEpochMilli(r.getMillis())).append(' ')
                    .append(String.format("%-5s", name(r.getLevel()))).append(' ')
                    .append(r.getLoggerName()).append(' ').append(formatMessage(r)).append(System.lineSeparator());
            if (r.getThrown() != null) {
                java.io.StringWriter trace = new java.io.StringWriter();
                r.getThrown().printStackTrace(new java.io.PrintWriter(trace));
                sb.append(trace);
            }
            return sb.toString();
        }

        private static String name(Level level) {
            int v = level.intValue();
            if (v >= Level.SEVERE.intValue()) return "ERROR";
            if (v >= Level.WARNING.intValue()) return "WARN";
            if (v >= Level.INFO.intValue()) return "INFO";
            return "DEBUG";
        }
    }
}
