package lab.process;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Looks at a service from outside, as an orchestrator's probe does: one GET over a fresh connection to
 * 127.0.0.1, read only as far as the status line, with short timeouts so a stalled service cannot hold
 * the caller.
 */
public final class Probe {
    private Probe() {
    }

    /** The status of {@code GET path}, or -1 when nothing answers (refused, reset, silent for 2 s). */
    public static int status(int port, String path) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            s.setSoTimeout(2000);
            OutputStream out = s.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            byte[] head = new byte[12];
            int n = in.readNBytes(head, 0, 12);
            return n < 12 ? -1 : Integer.parseInt(new String(head, 9, 3, StandardCharsets.US_ASCII));
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
    }

    /**
     * Why the service will not become ready without a restart: the reason its /ready gives when its
     * start-up failed or it broke ({@code "phase":"failed"} or {@code "broken"}), or null (ready, still
     * starting, or not answering).
     */
    public static String readyFailure(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            s.setSoTimeout(2000);
            OutputStream out = s.getOutputStream();
            out.write("GET /ready HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String answer = new String(s.getInputStream().readNBytes(16_384), StandardCharsets.UTF_8);
            if (!answer.matches("(?s).*\"phase\"\\s*:\\s*\"(failed|broken)\".*")) return null;
            Matcher reason = REASON.matcher(answer);
            return reason.find() ? reason.group(1).replace("\\\"", "\"") : "its /ready says it failed";
        } catch (IOException e) {
            return null;
        }
    }

    private static final Pattern REASON = Pattern.compile("\"reason\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");

    /** Whether something accepts connections on 127.0.0.1:port. */
    public static boolean portOpen(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
