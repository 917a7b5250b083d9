package lab.process;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * How a service jar is started, by the portal, the tests and the benchmarks alike: this JVM's java, the
 * module's {@code jvm.options} and the ahead-of-time cache made for the jar when they exist, then the jar.
 */
public final class ServiceCommand {
    private ServiceCommand() {
    }

    public static List<String> of(Path jar) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        Path options = jar.toAbsolutePath().getParent().getParent().resolve("jvm.options");
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
}
