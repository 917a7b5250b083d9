package lab.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The whole machine's CPU time so far, from the first line of /proc/stat, in clock ticks: busy (all but
 * idle and iowait) and in all, summed over {@code cpus} CPUs. Two readings give how busy it was between them.
 */
public record MachineCpu(long busyTicks, long totalTicks, int cpus) {

    /** Now, or null where /proc/stat cannot be read (not Linux). */
    public static MachineCpu read() {
        try {
            List<String> lines = Files.readAllLines(Path.of("/proc/stat"));
            String[] f = lines.get(0).trim().split("\\s+"); // cpu user nice system idle iowait irq softirq steal ...
            long total = 0;
            for (int i = 1; i < Math.min(f.length, 9); i++) total += Long.parseLong(f[i]);
            long idle = Long.parseLong(f[4]) + Long.parseLong(f[5]);
            int cpus = (int) lines.stream().filter(l -> l.matches("cpu\\d+ .*")).count();
            return cpus == 0 ? null : new MachineCpu(total - idle, total, cpus);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** CPU seconds the machine spent busy since {@code earlier}, over {@code wallSeconds} of wall time; NaN where the ticks did not move. */
    public double busySecondsSince(MachineCpu earlier, double wallSeconds) {
        long total = totalTicks - earlier.totalTicks;
        return total <= 0 ? Double.NaN : (double) (busyTicks - earlier.busyTicks) / total * cpus * wallSeconds;
    }
}
