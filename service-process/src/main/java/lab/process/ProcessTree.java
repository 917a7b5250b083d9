package lab.process;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Stopping a process together with everything it started, and returning only once they are gone: a
 * Stop, a Cancel or a timeout that says "stopped" while a child is still exiting would be believed.
 */
public final class ProcessTree {
    private static final boolean PROC = Files.isDirectory(Path.of("/proc/self"));

    private ProcessTree() {
    }

    /** The process and its descendants, children first. */
    public static List<ProcessHandle> of(ProcessHandle root) {
        List<ProcessHandle> tree = new ArrayList<>(root.descendants().toList());
        tree.add(root);
        return tree;
    }

    /**
     * The live members of a process group (Linux). GNU {@code timeout} puts itself and its command in a
     * group of their own, so a shell's background jobs are found here even after the shell has exited
     * and they were handed to init, out of any tree; a daemon that detached on purpose (its own session,
     * as nginx does) is not.
     */
    public static List<ProcessHandle> group(long pgid) {
        if (!PROC) return List.of();
        return ProcessHandle.allProcesses().filter(p -> ProcStatus.processGroup(p.pid()) == pgid && running(p)).toList();
    }

    /** SIGTERM to each, then SIGKILL to whatever is still running after {@code grace}; returns when all are gone or 5 s later. */
    public static void stop(Collection<ProcessHandle> processes, Duration grace) {
        Set<ProcessHandle> all = new LinkedHashSet<>(processes);
        all.forEach(ProcessHandle::destroy);
        if (!awaitGone(all, grace)) {
            all.stream().filter(ProcessTree::running).forEach(ProcessHandle::destroyForcibly);
            awaitGone(all, Duration.ofSeconds(5));
        }
    }

    /**
     * Alive and not a zombie. A zombie has exited and holds nothing but its pid until its parent waits
     * for it, which an orphan's parent (the init of a container, say) may never do.
     */
    public static boolean running(ProcessHandle p) {
        if (!p.isAlive()) return false;
        if (!PROC) return true;
        char state = ProcStatus.state(p.pid());
        return state != '?' && state != 'Z';
    }

    /** Waits even when interrupted (clean-up must finish), and leaves the interrupt flag as it found it. */
    private static boolean awaitGone(Collection<ProcessHandle> processes, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        boolean interrupted = Thread.interrupted();
        try {
            while (processes.stream().anyMatch(ProcessTree::running)) {
                if (System.nanoTime() > deadline) return false;
                try {
                    Thread.sleep(10);
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            return true;
        } finally {
            if (interrupted) Thread.currentThread().interrupt();
        }
    }
}
