package lab.portal.runtime.docker;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The commit and the remote a checkout is at, read from its {@code .git} directory (no git program
 * needed), for the OCI labels of the images the portal builds: {@code unknown} and {@code local} where
 * the repository is not a git checkout.
 */
record SourceRevision(String commit, String source) {
    private static final Pattern ORIGIN_URL = Pattern.compile("(?s)\\[remote \"origin\"][^\\[]*?\\burl\\s*=\\s*(\\S+)");

    static SourceRevision of(Path repo) {
        Path git = repo.resolve(".git");
        try {
            String head = Files.readString(git.resolve("HEAD")).strip();
            String commit = head.startsWith("ref: ") ? ref(git, head.substring(5).strip()) : head;
            Matcher m = ORIGIN_URL.matcher(Files.isRegularFile(git.resolve("config")) ? Files.readString(git.resolve("config")) : "");
            return new SourceRevision(commit == null ? "unknown" : commit, m.find() ? m.group(1) : "local");
        } catch (IOException | RuntimeException notAGitCheckout) {
            return new SourceRevision("unknown", "local");
        }
    }

    /** A branch's commit: its own file, or its line in packed-refs. */
    private static String ref(Path git, String name) throws IOException {
        Path loose = git.resolve(name);
        if (Files.isRegularFile(loose)) return Files.readString(loose).strip();
        Path packed = git.resolve("packed-refs");
        if (!Files.isRegularFile(packed)) return null;
        List<String> lines = Files.readAllLines(packed);
        return lines.stream().filter(l -> l.endsWith(" " + name)).map(l -> l.substring(0, l.indexOf(' '))).findFirst().orElse(null);
    }
}
