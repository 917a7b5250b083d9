package lab.portal.experiment;

import lab.portal.evidence.Figure;
import lab.portal.evidence.Unit;
import lab.portal.runtime.ServiceRuntime;
import lab.process.MachineCpu;
import lab.process.ProcStatus;

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
    private final MachineCpu machineAtStart;
    private final long portalTicksAtStart;
    private final double replicasAtStart;
    private final long startNanos = System.nanoTime();
    private volatile Double percent;

    private OutsideLoad(ServiceRuntime runtime) {
        this.runtime = runtime;
        this.machineAtStart = MachineCpu.read();
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
        MachineCpu machineNow = MachineCpu.read();
        long portalNow = ProcStatus.cpuTicks(ProcessHandle.current().pid());
        double wall = (System.nanoTime() - startNanos) / 1e9;
        if (machineAtStart == null || machineNow == null || portalTicksAtStart < 0 || portalNow < 0 || wall < 1) return null;
        double machine = machineNow.busySecondsSince(machineAtStart, wall);
        if (Double.isNaN(machine)) return null;
        double portal = (portalNow - portalTicksAtStart) / ProcStatus.TICKS_PER_SECOND;
        double replicas = runtime.replicaCpuSeconds() - replicasAtStart;
        return Math.max(0, 100 * (machine - portal - replicas) / wall);
    }
}
