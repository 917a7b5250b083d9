package lab.portal.progress;

import lab.portal.content.LabContent;
import lab.portal.content.StepCheck;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Whether each step of the guide is done, judged from evidence as content/lab.yaml says: the block the
 * learner ran (exit 0, the expected output) or, done by hand, what the services show now; the
 * experiments measured, the questions answered. Each status links to what it rests on.
 */
public final class StepProgress {

    /** {@code skipped}: the learner skipped it and it is not done (a skip earns nothing; evidence still makes it done). */
    public record Status(String step, String title, String claim, boolean done, boolean skipped, String detail, String href) {
    }

    private StepProgress() {
    }

    public static List<Status> judge(LabContent lab, Map<String, BlockRun> latestBlocks, Map<String, StoredRun> latestMeasured,
                                     Map<String, String> answers) {
        return judge(lab, latestBlocks, latestMeasured, answers, o -> false, Set.of());
    }

    /** With what the services show now ({@code observed}): a step done by hand in a terminal counts. */
    public static List<Status> judge(LabContent lab, Map<String, BlockRun> latestBlocks, Map<String, StoredRun> latestMeasured,
                                     Map<String, String> answers, Predicate<StepCheck.Observation> observed, Set<String> skipped) {
        return lab.guide().steps().stream().map(s -> {
            StepCheck k = lab.stepCheck(s.id());
            if (k == null) return new Status(s.id(), s.title(), "", false, skipped.contains(s.id()), "no completion check in content/lab.yaml", "#" + s.id());
            List<String> missing = new ArrayList<>();
            List<String> seen = new ArrayList<>();
            String href = "#" + s.id();
            if (k.block() != null || !k.observe().isEmpty()) {
                if (k.block() != null) href = "#block-" + k.block();
                List<String> blockMissing = new ArrayList<>();
                List<String> blockSeen = new ArrayList<>();
                if (k.block() != null) judgeBlock(k, latestBlocks.get(k.block()), blockMissing, blockSeen);
                if (k.block() != null && blockMissing.isEmpty()) {
                    seen.addAll(blockSeen);
                } else if (!k.observe().isEmpty() && k.observe().stream().allMatch(observed)) {
                    seen.add("seen on the service: " + String.join("; ", k.observe().stream().map(StepCheck.Observation::describe).toList()));
                } else {
                    missing.addAll(blockMissing);
                    if (!k.observe().isEmpty()) {
                        missing.add((k.block() == null ? "" : "or by hand: ") + String.join("; ", k.observe().stream()
                                .filter(observed.negate()).map(o -> "not yet seen: " + o.describe()).toList()));
                    }
                }
            }
            for (String e : k.experiments()) {
                StoredRun r = latestMeasured.get(e);
                if (r == null) missing.add("run " + lab.experiment(e).title());
                else seen.add(lab.experiment(e).title() + " measured (run " + r.id() + ")");
            }
            if (k.block() == null && !k.experiments().isEmpty()) href = "#experiment-" + k.experiments().get(0);
            for (String q : k.questions()) {
                if (answers.getOrDefault(q, "").isBlank()) missing.add("answer question " + q);
            }
            if (k.block() == null && k.experiments().isEmpty() && !k.questions().isEmpty()) href = "#question-" + k.questions().get(0);
            boolean done = missing.isEmpty();
            return new Status(s.id(), s.title(), k.claim(), done, !done && skipped.contains(s.id()), done ? String.join("; ", seen.isEmpty() ? List.of("done") : seen)
                    : String.join("; ", missing), href);
        }).toList();
    }

    private static void judgeBlock(StepCheck k, BlockRun run, List<String> missing, List<String> seen) {
        if (run == null) {
            missing.add("run block " + k.block());
        } else if (run.status() != BlockRun.Status.SUCCEEDED) {
            missing.add("block " + k.block() + "'s latest run " + describe(run) + "; run it again");
        } else {
            String output = run.output() == null ? "" : run.output();
            List<String> absent = k.patterns().stream().filter(p -> !p.matcher(output).find()).map(Pattern::pattern).toList();
            if (absent.isEmpty()) seen.add("block " + k.block() + " ran (exit 0, run " + run.id() + ")");
            else missing.add("block " + k.block() + " ran, but its output does not show " + String.join(" nor ", absent.stream().map(a -> "/" + a + "/").toList()));
        }
    }

    private static String describe(BlockRun run) {
        return switch (run.status()) {
            case FAILED -> "exited with code " + run.exitCode();
            case TIMED_OUT -> "ran out of time";
            case CANCELLED -> "was cancelled";
            case INTERRUPTED -> "was interrupted when the portal stopped";
            case RUNNING -> "is still running";
            case SUCCEEDED -> "succeeded";
        };
    }
}
