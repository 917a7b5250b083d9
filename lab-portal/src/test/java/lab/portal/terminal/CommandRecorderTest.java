package lab.portal.terminal;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The markers lab.bashrc prints are taken out of what the page sees, however the reads split them, and each typed command is recorded once. */
class CommandRecorderTest {
    private static final String START = "\u001b]6973;B\u0007";

    private static String end(int exit, String line) {
        return "\u001b]6973;D;" + exit + ";" + Base64.getEncoder().encodeToString(line.getBytes(StandardCharsets.UTF_8)) + "\u0007";
    }

    @Test
    void markersSplitAcrossReadsAreRemovedAndTheCommandIsRecorded() {
        List<TypedCommand> typed = new ArrayList<>();
        CommandRecorder recorder = new CommandRecorder(1024, typed::add);
        String colour = "\u001b[1;34m/work\u001b[0m $ ";
        String stream = colour + "echo héllo\r\n" + START + "héllo\r\n\u001b[31mred\u001b[0m\r\n" + end(3, "echo héllo") + colour + end(3, "echo héllo");
        byte[] bytes = stream.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream shown = new ByteArrayOutputStream();
        for (byte b : bytes) shown.writeBytes(recorder.feed(new byte[]{b}, 1)); // one byte per read: every marker is split

        assertThat(shown.toString(StandardCharsets.UTF_8)).isEqualTo(colour + "echo héllo\r\n" + "héllo\r\n\u001b[31mred\u001b[0m\r\n" + colour);
        assertThat(typed).hasSize(1).first().satisfies(c -> {
            assertThat(c.line()).isEqualTo("echo héllo");
            assertThat(c.exitCode()).isEqualTo(3);
            assertThat(c.output()).as("escape codes and carriage returns removed").isEqualTo("héllo\nred\n");
        });
    }

    @Test
    void aCommandsOutputIsKeptFromItsEndWithinTheLimit() {
        List<TypedCommand> typed = new ArrayList<>();
        CommandRecorder recorder = new CommandRecorder(10, typed::add);
        byte[] bytes = (START + "0123456789abcdefghij" + end(0, "seq")).getBytes(StandardCharsets.US_ASCII);
        recorder.feed(bytes, bytes.length);
        assertThat(typed.getFirst().output()).isEqualTo("abcdefghij");
    }
}
