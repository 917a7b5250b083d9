package lab.portal.classroom;

import lab.portal.settings.SetupProblem;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * A class portal's settings, bound once from {@code lab.class.*}. With a name, this portal collects a
 * workshop's reports: learners reach one endpoint, {@code POST /api/class/reports} on
 * {@code address:port}, with the class code; everything else stays on the portal's loopback address.
 *
 * @param name    the class's name (empty: this is no class portal)
 * @param code    what every learner sends in {@code X-Class-Code}
 * @param address where the one endpoint learners reach listens (loopback by default; 0.0.0.0 or the
 *                instructor's address for a room of laptops)
 * @param port    its port
 */
@ConfigurationProperties("lab.class")
public record ClassSettings(String name, String code, String address, int port) {
    /** The one endpoint learners reach. */
    public static final String REPORTS = "/api/class/reports";
    /** The instructor's: the class page, its JSON and CSV. */
    public static final java.util.List<String> INSTRUCTOR = java.util.List.of("/class", "/api/class", "/api/class.csv");
    static final int MIN_CODE = 6;

    public ClassSettings {
        name = name == null ? "" : name.strip();
        code = code == null ? "" : code.strip();
        address = address == null || address.isBlank() ? "127.0.0.1" : address.strip();
        if (!name.isEmpty() && code.length() < MIN_CODE) {
            throw new SetupProblem("lab.class.name is set, so this is a class portal: give it a class code of at least " + MIN_CODE
                    + " characters too (--lab.class.code=...), which learners send with their reports", null);
        }
        if (!name.isEmpty() && (port < 1 || port > 65535)) throw new SetupProblem("lab.class.port must be a port, got " + port, null);
    }

    public boolean enabled() {
        return !name.isEmpty();
    }

    /** Whether {@code given} is the code, compared in constant time (the endpoint faces a room). */
    public boolean accepts(String given) {
        return enabled() && given != null && java.security.MessageDigest.isEqual(given.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                code.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}
