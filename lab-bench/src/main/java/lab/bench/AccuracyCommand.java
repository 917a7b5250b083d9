package lab.bench;

import java.nio.file.Path;
import java.util.Map;

/** {@code accuracy}: each running service (by port) on each labelled TSV, side by side. */
final class AccuracyCommand {
    private AccuracyCommand() {
    }

    static void run(Map<String, String> o) throws Exception {
        String[] ports = o.getOrDefault("ports", "8001,8002").split(",");
        for (String tsv : o.getOrDefault("tsv", "../shared/data/sst2/dev.tsv").split(",")) {
            for (String port : ports) {
                Accuracy.Score s = Accuracy.measure(Integer.parseInt(port.trim()), Path.of(tsv));
                System.out.printf("%s on port %s: %.1f %% (%d/%d, %d NEUTRAL)%n", tsv, port.trim(), s.percent(),
                        s.correct(), s.total(), s.neutral());
            }
        }
    }
}
