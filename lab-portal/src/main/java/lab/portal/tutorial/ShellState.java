package lab.portal.tutorial;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * What one piece of bash leaves for the next, as one shell would: its exported variables and its working
 * directory. The guide's blocks run as separate bash processes (a block that starts a service is split
 * around that line, and Run this step runs several blocks), so each piece sources the state the one before
 * wrote and writes it again when it exits. Bash reads that prologue from {@code BASH_ENV} before the
 * script, so the script's own line numbers in its errors stay the guide's. Both files are private
 * temporary files of one run, deleted with {@link #close}.
 */
final class ShellState implements AutoCloseable {
    /** The variable that names the file inside bash: nothing the guide's own text uses. */
    static final String VARIABLE = "LAB_SHELL_STATE";

    // BASH_ENV is unset at once, so a bash the block starts itself does not take the prologue (and overwrite
    // the state when it ends). Readonly variables (declare -r...) cannot be set again by the next piece:
    // they are left out, or sourcing would print an error. The directory is written with %q so that any
    // path survives.
    private static final String PROLOGUE = """
            unset BASH_ENV
            [ -s "$LAB_SHELL_STATE" ] && . "$LAB_SHELL_STATE"
            trap '{ export -p | grep -v -e "^declare -[a-zA-Z]*r" -e "^declare -x LAB_SHELL_STATE="; printf "cd %q\\n" "$PWD"; } > "$LAB_SHELL_STATE" 2>/dev/null' EXIT
            """;

    private final Path state;
    private final Path prologue;

    private ShellState(Path state, Path prologue) {
        this.state = state;
        this.prologue = prologue;
    }

    static ShellState fresh() {
        try {
            Path prologue = Files.createTempFile("lab-shell-", ".sh");
            Files.writeString(prologue, PROLOGUE);
            return new ShellState(Files.createTempFile("lab-shell-", ".state"), prologue);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the files that carry a block's variables", e);
        }
    }

    /** Bash's environment: it runs the prologue first, which reads what earlier pieces left and writes what this one leaves. */
    void into(Map<String, String> environment) {
        environment.put("BASH_ENV", prologue.toString());
        environment.put(VARIABLE, state.toString());
    }

    @Override
    public void close() {
        try {
            Files.deleteIfExists(state);
            Files.deleteIfExists(prologue);
        } catch (IOException ignored) {
            // temporary files: the machine's own clean-up takes them
        }
    }
}
