package lab.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** What Linux says about a process in /proc: resident memory, threads, CPU time. Values are -1 where there is no such process. */
public final class ProcStatus {
    /** Kernel clock ticks per second for /proc/PID/stat; 100 on every mainstream Linux build. */
    public static final double TICKS_PER_SECOND = 100.0;

    private ProcStatus() {
    }

    /** Resident memory in bytes (VmRSS). */
    public static long residentBytes(long pid) {
        long kb = field(pid, "VmRSS:");
        return kb < 0 ? -1 : kb * 1024;
    }

    public static long threads(long pid) {
        return field(pid, "Threads:");
    }

    /** Resident anonymous memory in transparent huge pages (AnonHugePages of /proc/PID/smaps_rollup), or -1. */
    public static long hugePageBytes(long pid) {
        long kb = field(pid, "smaps_rollup", "AnonHugePages:");
        return kb < 0 ? -1 : kb * 1024;
    }

    /** A numeric field of /proc/PID/status (VmRSS: in kB, Threads:), or -1. */
    public static long field(long pid, String field) {
        return field(pid, "status", field);
    }

    private static long field(long pid, String file, String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/" + file))) {
                if (line.startsWith(field)) return Long.parseLong(line.substring(field.length()).trim().split("\\s+")[0]);
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    /** User plus system CPU time in clock ticks, or -1. */
    public static long cpuTicks(long pid) {
        String[] f = stat(pid);
        return f == null ? -1 : Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime
    }

    /** CPU time of its children that have exited and been waited for (cutime plus cstime), in clock ticks, or -1. */
    public static long exitedChildrenCpuTicks(long pid) {
        String[] f = stat(pid);
        return f == null ? -1 : Long.parseLong(f[13]) + Long.parseLong(f[14]);
    }

    /**
     * CPU time and resident memory of everything a process started: its live descendants' own CPU time
     * and memory, plus the CPU time of those that have exited and been waited for (each member's cutime
     * and cstime, the process's own included). A process that forks, or starts others and reaps them, is
     * measured whole this way.
     */
    public static Usage descendants(ProcessHandle process) {
        long ticks = Math.max(0, exitedChildrenCpuTicks(process.pid()));
        long rss = 0;
        for (ProcessHandle p : (Iterable<ProcessHandle>) process.descendants()::iterator) {
            ticks += Math.max(0, cpuTicks(p.pid())) + Math.max(0, exitedChildrenCpuTicks(p.pid()));
            rss += Math.max(0, residentBytes(p.pid()));
        }
        return new Usage(ticks, rss);
    }

    /** The process itself and everything it started ({@link #descendants}): a service measured whole. */
    public static Usage tree(ProcessHandle process) {
        Usage children = descendants(process);
        return new Usage(Math.max(0, cpuTicks(process.pid())) + children.cpuTicks(),
                Math.max(0, residentBytes(process.pid())) + children.residentBytes());
    }

    /** CPU time in clock ticks and resident memory in bytes. */
    public record Usage(long cpuTicks, long residentBytes) {
        public double cpuSeconds() {
            return cpuTicks / TICKS_PER_SECOND;
        }
    }

    /** The process's state letter (R, S, D, Z for a zombie, ...), or '?' where there is no such process. */
    public static char state(long pid) {
        String[] f = stat(pid);
        return f == null ? '?' : f[0].charAt(0);
    }

    /** The process group it belongs to, or -1. */
    public static long processGroup(long pid) {
        String[] f = stat(pid);
        return f == null ? -1 : Long.parseLong(f[2]);
    }

    /** /proc/PID/stat from field 3 (state) on, or null. */
    private static String[] stat(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            // The command name (field 2) may contain spaces: count fields after its closing parenthesis.
            return stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
