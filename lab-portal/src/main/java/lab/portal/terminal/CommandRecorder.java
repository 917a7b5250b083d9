package lab.portal.terminal;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Reads the shell's output as it streams: removes the markers lab.bashrc prints (ESC ] 6973 ; B BEL when a
 * command starts, ESC ] 6973 ; D ; exit ; base64(line) BEL when it ends) and hands back everything else
 * for the page; between the two it keeps the command's output (its last {@code limit} bytes) and, at the
 * end, reports the typed command. A marker may arrive split across reads.
 */
final class CommandRecorder {
    private static final byte ESC = 0x1b;
    private static final byte BEL = 0x07;
    private static final byte[] OPEN = "\u001b]6973;".getBytes(StandardCharsets.US_ASCII);
    private static final int MARKER_MAX = 64 * 1024;
    private static final Pattern ESCAPES = Pattern.compile("\u001b\\[[0-?]*[ -/]*[@-~]|\u001b\\][^\u0007\u001b]*(\u0007|\u001b\\\\)|\u001b[()][0-9A-Za-z]|\u001b[=>78]");

    private final int limit;
    private final Consumer<TypedCommand> typed;
    private final ByteArrayOutputStream marker = new ByteArrayOutputStream();
    private ByteArrayOutputStream output;
    private Instant started;

    CommandRecorder(int limit, Consumer<TypedCommand> typed) {
        this.limit = limit;
        this.typed = typed;
    }

    /** The bytes the page should see of these, the markers taken out. */
    byte[] feed(byte[] data, int length) {
        ByteArrayOutputStream shown = new ByteArrayOutputStream(length);
        for (int i = 0; i < length; i++) {
            byte b = data[i];
            if (marker.size() > 0) {
                if (marker.size() < OPEN.length) {
                    if (b == OPEN[marker.size()]) {
                        marker.write(b);
                    } else {
                        // Not our marker: what was held back is output, and this byte is looked at afresh.
                        pass(marker.toByteArray(), shown);
                        marker.reset();
                        i--;
                    }
                } else if (b == BEL) {
                    handle(new String(marker.toByteArray(), OPEN.length, marker.size() - OPEN.length, StandardCharsets.US_ASCII));
                    marker.reset();
                } else if (marker.size() > MARKER_MAX) {
                    pass(marker.toByteArray(), shown);
                    marker.reset();
                    i--;
                } else {
                    marker.write(b);
                }
            } else if (b == ESC) {
                marker.write(b);
            } else {
                pass(b, shown);
            }
        }
        return shown.toByteArray();
    }

    private void pass(byte[] bytes, ByteArrayOutputStream shown) {
        for (byte b : bytes) pass(b, shown);
    }

    private void pass(byte b, ByteArrayOutputStream shown) {
        shown.write(b);
        if (output != null) {
            output.write(b);
            if (output.size() > 2 * limit) {
                byte[] all = output.toByteArray();
                output.reset();
                output.write(all, all.length - limit, limit);
            }
        }
    }

    private void handle(String body) {
        if (body.equals("B")) {
            output = new ByteArrayOutputStream();
            started = Instant.now();
            return;
        }
        String[] parts = body.split(";", 3);
        if (parts.length != 3 || !parts[0].equals("D") || output == null) return; // an end with no start: a line that ran nothing
        try {
            int exit = Integer.parseInt(parts[1]);
            String line = new String(Base64.getDecoder().decode(parts[2]), StandardCharsets.UTF_8);
            byte[] bytes = output.toByteArray();
            if (bytes.length > limit) bytes = Arrays.copyOfRange(bytes, bytes.length - limit, bytes.length);
            typed.accept(new TypedCommand(line, exit, plain(new String(bytes, StandardCharsets.UTF_8)), started, Instant.now()));
        } catch (IllegalArgumentException garbled) {
            // not a marker lab.bashrc printed (a program printed something like it): nothing to record
        } finally {
            output = null;
        }
    }

    /** Terminal output as text: escape sequences removed, line ends as \n. */
    static String plain(String terminal) {
        return ESCAPES.matcher(terminal).replaceAll("").replace("\r\n", "\n").replace("\r", "");
    }
}
