package lab.portal.runtime.local;

import lab.portal.runtime.RuntimeEvents;

import lab.process.ProcStatus;

import java.time.Instant;

/**
 * CPU time and resident memory of a process and all its descendants, read from /proc (Linux), so a
 * service that forks is measured whole. CPU percent comes from the CPU-time difference between samples.
 */
final class ProcessResources {
    private long lastCpuTicks = -1;
    private long lastNanos;

    /**
     * CPU in percent of one core since the previous call (on the first, since the process started: a
     * JVM's busiest second is its first, and a replica stopped soon after would otherwise seem idle), and
     * resident bytes.
     */
    synchronized RuntimeEvents.ResourceSample sample(String replicaId, ProcessHandle process) {
        ProcStatus.Usage whole = ProcStatus.tree(process);
        long ticks = whole.cpuTicks();
        long rss = whole.residentBytes();
        long now = System.nanoTime();
        double cpu = 0;
        if (lastCpuTicks >= 0 && now > lastNanos) {
            cpu = 100.0 * ((ticks - lastCpuTicks) / ProcStatus.TICKS_PER_SECOND) / ((now - lastNanos) / 1e9);
        } else if (lastCpuTicks < 0) {
            double alive = process.info().startInstant().map(t -> (System.currentTimeMillis() - t.toEpochMilli()) / 1000.0).orElse(0.0);
            if (alive > 0.05) cpu = 100.0 * (ticks / ProcStatus.TICKS_PER_SECOND) / alive;
        }
        lastCpuTicks = ticks;
        lastNanos = now;
        return new RuntimeEvents.ResourceSample(replicaId, Instant.now(), Math.max(0, cpu), rss);
    }
}
