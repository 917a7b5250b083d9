package lab.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * How a service jar is started, by the portal, the tests and the benchmarks alike: this JVM's java, the
 * module's {@code jvm.options} and the ahead-of-time cache made for the jar when they exist, then the jar;
 * in the environment the module's {@code service.env} names (what its Dockerfile sets in the image).
 */
public final class ServiceCommand {
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private ServiceCommand() {
    }

    /** The command and the module's environment; the caller adds its own (PORT, MODEL_URI, ...) on top. */
    public static ProcessBuilder processBuilder(Path jar) {
        ProcessBuilder pb = new ProcessBuilder(of(jar));
        pb.environment().putAll(environment(jar));
        return pb;
    }

    public static List<String> of(Path jar) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        Path options = moduleDir(jar).resolve("jvm.options");
        if (Files.exists(options)) cmd.add("@" + options);
        Path cache = jar.resolveSibling(jar.getFileName().toString().replace(".jar", ".aot"));
        if (Files.exists(cache)) {
            cmd.add("-XX:AOTCache=" + cache); // made for this jar by this JDK at package time; a mismatch is ignored
            cmd.add("-Xlog:aot=off");
            cmd.add("-Xlog:cds=off");
        }
        cmd.add("-jar");
        cmd.add(jar.toString());
        return cmd;
    }

    /** The module's {@code service.env}, in its order; empty where there is none. */
    public static Map<String, String> environment(Path jar) {
        Path file = moduleDir(jar).resolve("service.env");
        if (!Files.exists(file)) return Map.of();
        try {
            return parse(Files.readAllLines(file), file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /**
     * {@code KEY=VALUE} lines as docker's env files have them: blank lines and {@code #} comments skipped,
     * the value taken as written (no quotes, no expansion). A line that is neither is an error, not skipped:
     * a setting silently lost would change what every start measures.
     */
    static Map<String, String> parse(List<String> lines, String where) {
        Map<String, String> env = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) continue;
            int eq = line.indexOf('=');
            if (eq <= 0 || !NAME.matcher(line.substring(0, eq)).matches()) {
                throw new IllegalStateException(where + ":" + (i + 1) + ": expected KEY=VALUE, found: " + line);
            }
            env.put(line.substring(0, eq), line.substring(eq + 1));
        }
        return env;
    }

    /** target/x.jar -> the module's directory. */
    private static Path moduleDir(Path jar) {
        return jar.toAbsolutePath().getParent().getParent();
    }
}
