package lab.portal.experiment;

import lab.portal.evidence.Figure;
import lab.portal.evidence.Unit;
import lab.portal.runtime.ServiceRuntime;
import lab.process.ProcStatus;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * How busy the machine was outside the lab while a run measured: the CPU time the whole machine spent
 * (/proc/stat) less what the portal (its load generator and front included) and the lab's replicas spent.
 * A browser drawing charts, a build, another program: all of it takes cores from the replicas being
 * measured, so a capacity or latency figure measured beside it is low. Where /proc cannot be read (not
 * Linux) nothing is measured.
 */
final class OutsideLoad {
    static final Figure OUTSIDE_CPU = new Figure("machine.outside_cpu_percent", Unit.PERCENT_OF_A_CORE,
            "CPU the machine spent outside the lab's processes during the run (a browser, other programs), on average");

    private final ServiceRuntime runtime;
    private final Jiffies machineAtStart;
    private final long portalTicksAtStart;
    private final double replicasAtStart;
    private final long startNanos = System.nanoTime();
    private volatile Double percent;

    private OutsideLoad(ServiceRuntime runtime) {
        this.runtime = runtime;
        this.machineAtStart = Jiffies.read();
        this.portalTicksAtStart = ProcStatus.cpuTicks(ProcessHandle.current().pid());
        this.replicasAtStart = runtime.replicaCpuSeconds();
    }

    static OutsideLoad watch(ServiceRuntime runtime) {
        return new OutsideLoad(runtime);
    }

    /** Stops watching and works out {@link #percent()}. */
    void stop() {
        percent = measure();
    }

    /** The mean CPU spent outside the lab in percent of one core, or null where it could not be measured. */
    Double percent() {
        return percent;
    }

    private Double measure() {
        Jiffies machineNow = Jiffies.read();
        long portalNow = ProcStatus.cpuTicks(ProcessHandle.current().pid());
        double wall = (System.nanoTime() - startNanos) / 1e9;
        if (machineAtStart == null || machineNow == null || portalTicksAtStart < 0 || portalNow < 0 || wall < 1) return null;
        long total = machineNow.total() - machineAtStart.total();
        if (total <= 0) return null;
        double machine = (double) (machineNow.busy() - machineAtStart.busy()) / total * machineNow.cpus() * wall;
        double portal = (portalNow - portalTicksAtStart) / ProcStatus.TICKS_PER_SECOND;
        double replicas = runtime.replicaCpuSeconds() - replicasAtStart;
        return Math.max(0, 100 * (machine - portal - replicas) / wall);
    }

    /** The first line of /proc/stat: every CPU's time, busy and in all, in clock ticks. */
    private record Jiffies(long busy, long total, int cpus) {
        static Jiffies read() {
            try {
                List<String> lines = Files.readAllLines(Path.of("/proc/stat"));
                String[] f = lines.get(0).trim().split("\\s+"); // cpu user nice system idle iowait irq softirq steal ...
                long total = 0;
                for (int i = 1; i < Math.min(f.length, 9); i++) total += Long.parseLong(f[i]);
                long idle = Long.parseLong(f[4]) + Long.parseLong(f[5]);
                int cpus = (int) lines.stream().filter(l -> l.matches("cpu\\d+ .*")).count();
                return cpus == 0 ? null : new Jiffies(total - idle, total, cpus);
            } catch (IOException | RuntimeException e) {
                return null;
            }
        }
    }
}
