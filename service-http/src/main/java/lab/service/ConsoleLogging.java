package lab.service;

import java.util.logging.ConsoleHandler;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One line per log record on stderr ({@code 2026-11-27T15:40:00.123Z INFO  lab.x message}), level from
 * env {@code LOG_LEVEL} (DEBUG, INFO, WARN, ERROR). The JDK's logging: no extra start-up cost.
 */
public final class ConsoleLogging {
    private ConsoleLogging() {
    }

    public static void configure(String levelName) {
        System.setProperty("java.util.logging.SimpleFormatter.format", "%1$tFT%1$tT.%1$tLZ %4$-5s %3$s %5$s%6$s%n");
        Level level = toJul(levelName == null ? "INFO" : levelName.trim().toUpperCase());
        Logger root = Logger.getLogger("");
        for (var h : root.getHandlers()) {
            root.removeHandler(h);
        }
        ConsoleHandler handler = new ConsoleHandler();
        handler.setLevel(level);
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
}
