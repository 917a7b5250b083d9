package lab.portal.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * CPU time and resident memory of a process and all its descendants, read from /proc (Linux), so a
 * service that forks is measured whole. CPU percent comes from the CPU-time difference between samples.
 */
final class ProcessResources {
    /** Kernel clock ticks per second for /proc/PID/stat; 100 on every mainstream Linux build. */
    private static final double TICKS_PER_SECOND = 100.0;

    private long lastCpuTicks = -1;
    private long lastNanos;

    /** CPU in percent of one core since the previous call (0 on the first), and resident bytes. */
    synchronized double[] sample(ProcessHandle process) {
        long ticks = 0;
        long rss = 0;
        for (ProcessHandle p : (Iterable<ProcessHandle>) Stream.concat(Stream.of(process), process.descendants())::iterator) {
            ticks += cpuTicks(p.pid());
            rss += residentBytes(p.pid());
        }
        long now = System.nanoTime();
        double cpu = 0;
        if (lastCpuTicks >= 0 && now > lastNanos) {
            cpu = 100.0 * ((ticks - lastCpuTicks) / TICKS_PER_SECOND) / ((now - lastNanos) / 1e9);
        }
        lastCpuTicks = ticks;
        lastNanos = now;
        return new double[]{Math.max(0, cpu), rss};
    }

    static long cpuTicks(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            // The command name (field 2) may contain spaces: count fields after its closing parenthesis.
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    static long residentBytes(long pid) {
        return Math.max(0, lab.bench.ServiceProcess.procStatus(pid, "VmRSS:") * 1024);
    }
}
