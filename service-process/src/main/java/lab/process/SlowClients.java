package lab.process;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Connections that start a request and never finish its headers (a "slowloris"), and the measurement
 * that matters while they are open: how long the health endpoint takes to answer a well-behaved client.
 */
public final class SlowClients implements AutoCloseable {
    private final List<Socket> sockets = new ArrayList<>();

    private SlowClients() {
    }

    /** Opens {@code n} connections to 127.0.0.1:port, each sending the start of a request and then nothing. */
    public static SlowClients open(int port, int n) throws IOException {
        SlowClients c = new SlowClients();
        for (int i = 0; i < n; i++) {
            Socket s = new Socket();
            c.sockets.add(s);
            s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            OutputStream out = s.getOutputStream();
            out.write("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ".getBytes(StandardCharsets.US_ASCII));
            out.flush();
        }
        return c;
    }

    /** How many of the connections the server has closed by now (reading gives end of stream or a reset). */
    public int closedByServer() throws IOException {
        int closed = 0;
        for (Socket s : sockets) {
            s.setSoTimeout(1);
            try {
                InputStream in = s.getInputStream();
                if (in.read() == -1) closed++;
            } catch (SocketTimeoutException stillOpen) {
                // nothing arrived: the server still holds it
            } catch (IOException reset) {
                closed++;
            }
        }
        return closed;
    }

    /** Milliseconds each of {@code n} sequential GETs of {@code path} took, sorted. */
    public static List<Double> latenciesMs(int port, String path, int n) {
        List<Double> ms = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            long t0 = System.nanoTime();
            int status = Probe.status(port, path);
            ms.add(status == 200 ? (System.nanoTime() - t0) / 1e6 : Double.POSITIVE_INFINITY);
        }
        Collections.sort(ms);
        return ms;
    }

    @Override
    public void close() {
        for (Socket s : sockets) {
            try {
                s.close();
            } catch (IOException ignored) {
                // closing a connection the server already dropped
            }
        }
    }
}
