package lab.portal.terminal;

import com.pty4j.PtyProcess;
import com.pty4j.PtyProcessBuilder;
import com.pty4j.WinSize;
import lab.process.ProcessTree;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * One page's shell: bash in a pseudo-terminal, its output read on a virtual thread and handed on with the
 * recording markers taken out. Closing it stops the shell and everything it started (its jobs are process
 * groups of their own, so the whole tree is stopped, not only bash).
 */
final class TerminalSession implements AutoCloseable {
    private static final Duration STOP_GRACE = Duration.ofSeconds(2);

    private final PtyProcess process;
    private final OutputStream input;
    private volatile long lastInput = System.nanoTime();

    private TerminalSession(PtyProcess process) {
        this.process = process;
        this.input = process.getOutputStream();
    }

    /**
     * Starts bash with the lab's rc file. {@code shown} gets the output for the page (and an empty array
     * when the shell has ended); {@code typed} each command the learner ran.
     */
    static TerminalSession open(Path repo, Path rcFile, Map<String, String> environment, int columns, int rows, int outputLimit,
                                Consumer<byte[]> shown, Consumer<TypedCommand> typed) throws IOException {
        PtyProcess process = new PtyProcessBuilder(new String[]{"bash", "--noprofile", "--rcfile", rcFile.toString(), "-i"})
                .setDirectory(repo.toString()).setEnvironment(environment).setInitialColumns(columns).setInitialRows(rows)
                .setRedirectErrorStream(true).start();
        TerminalSession session = new TerminalSession(process);
        CommandRecorder recorder = new CommandRecorder(outputLimit, typed);
        Thread.ofVirtual().name("terminal-" + process.pid()).start(() -> {
            byte[] buffer = new byte[8192];
            try (InputStream out = process.getInputStream()) {
                int n;
                while ((n = out.read(buffer)) >= 0) {
                    byte[] page = recorder.feed(buffer, n);
                    if (page.length > 0) shown.accept(page);
                }
            } catch (IOException closed) {
                // the shell ended or was stopped
            }
            shown.accept(new byte[0]);
        });
        return session;
    }

    long pid() {
        return process.pid();
    }

    boolean alive() {
        return process.isAlive();
    }

    void type(String keys) throws IOException {
        lastInput = System.nanoTime();
        input.write(keys.getBytes(StandardCharsets.UTF_8));
        input.flush();
    }

    void resize(int columns, int rows) {
        if (columns > 0 && rows > 0 && columns <= 1000 && rows <= 1000) process.setWinSize(new WinSize(columns, rows));
    }

    Duration idle() {
        return Duration.ofNanos(System.nanoTime() - lastInput);
    }

    /** What the shell started first (SIGTERM, then SIGKILL after a grace), then the shell, which ignores SIGTERM while interactive. */
    @Override
    public void close() {
        // pty4j's process has no ProcessHandle of its own (toHandle() is unsupported): look it up by pid.
        List<ProcessHandle> started = new ArrayList<>(ProcessHandle.of(process.pid()).map(h -> h.descendants().toList()).orElse(List.of()));
        ProcessTree.stop(started, STOP_GRACE);
        process.destroyForcibly();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
