package lab.portal.tutorial;

import lab.portal.content.GuideBlock;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a guide block needs from the machine the portal runs on, and which of it is missing: the
 * programs its lines call (the runner's own bash and timeout included) and the repository's files it
 * reads. A block that checks for a program itself ({@code command -v nginx || ...}) says why on its own
 * and does not need it to run. The portal shows what is missing beside the block and refuses to run it,
 * instead of a block that fails with "command not found" — a portal in a container lacks some of them.
 */
final class BlockRequirements {
    /** The programs the guide's blocks call; the runner itself needs bash and timeout. */
    private static final List<String> PROGRAMS = List.of("bash", "timeout", "curl", "grep", "sed", "seq", "date", "cut", "tr", "mktemp",
            "pgrep", "pkill", "nginx", "kubectl", "docker", "xargs");
    private static final Pattern GUARDED = Pattern.compile("command -v ([\\w-]+)");
    private static final Pattern REPO_FILE = Pattern.compile("(?<![\\w./$-])((?:lab-bench|k8s)/[\\w./-]*[\\w-]|nginx\\.conf)");

    private BlockRequirements() {
    }

    /** What the block needs that is not here, each said as the learner would act on it; empty when it can run. */
    static List<String> missing(GuideBlock block, Path repo) {
        Set<String> out = new LinkedHashSet<>();
        String code = block.code();
        Set<String> guarded = new LinkedHashSet<>();
        Matcher g = GUARDED.matcher(code);
        while (g.find()) guarded.add(g.group(1));
        List<String> needed = new ArrayList<>(List.of("bash", "timeout"));
        for (String program : PROGRAMS) {
            if (!needed.contains(program) && !guarded.contains(program) && Pattern.compile("(?<![\\w./-])" + program + "(?![\\w-])").matcher(code).find()) {
                needed.add(program);
            }
        }
        // a service's own java line goes to the runtime; the guide's other java lines run the portal's JDK
        for (String program : needed) if (!onPath(program)) out.add("the program " + program + " (not installed where the portal runs)");
        Matcher f = REPO_FILE.matcher(code);
        while (f.find()) {
            String path = f.group(1);
            if (!Files.exists(repo.resolve(path))) out.add("the file " + path + " (not in the repository the portal reads, " + repo + ")");
        }
        return List.copyOf(out);
    }

    private static boolean onPath(String program) {
        String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
        for (String dir : path.split(File.pathSeparator)) {
            Path p = Path.of(dir, program);
            if (Files.isRegularFile(p) && Files.isExecutable(p)) return true;
        }
        return false;
    }
}
