package lab.portal.experiment;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;

/**
 * The front's keep-alive connections to each replica, reused request after request. A general client
 * (the JDK's) spends a good share of a core at Experiment 5's rates; on a 2-core machine that share is
 * taken from the replicas being measured, as a proxy in user space would take it where a cluster's
 * in-kernel routing takes next to nothing. This speaks just enough HTTP/1.1 for the services' answers.
 */
final class ReplicaConnections implements AutoCloseable {
    /** A replica's answer: what the front relays. */
    record Answer(int status, String contentType, String retryAfter, byte[] body) {
    }

    private final int timeoutMillis;
    private final Map<Integer, ConcurrentLinkedDeque<Connection>> idle = new ConcurrentHashMap<>();
    private volatile boolean closed;

    ReplicaConnections(int timeoutMillis) {
        this.timeoutMillis = timeoutMillis;
    }

    /** Sends the request to the replica on {@code port}; null when it refused, reset or closed the connection. */
    Answer send(int port, String method, String pathAndQuery, String contentType, byte[] body) {
        Connection reused = idle.computeIfAbsent(port, p -> new ConcurrentLinkedDeque<>()).pollFirst();
        if (reused != null) {
            Answer answer = exchange(reused, port, method, pathAndQuery, contentType, body);
            if (answer != null) return answer;
            // the replica may have closed an idle connection: one more try on a new one says whether it is gone
        }
        try {
            return exchange(new Connection(port, timeoutMillis), port, method, pathAndQuery, contentType, body);
        } catch (IOException refused) {
            return null;
        }
    }

    private Answer exchange(Connection c, int port, String method, String pathAndQuery, String contentType, byte[] body) {
        try {
            Answer answer = c.exchange(method, pathAndQuery, contentType, body);
            if (c.reusable && !closed) idle.get(port).offerFirst(c);
            else c.close();
            return answer;
        } catch (IOException e) {
            c.close();
            return null;
        }
    }

    @Override
    public void close() {
        closed = true;
        idle.values().forEach(q -> q.forEach(Connection::close));
        idle.clear();
    }

    private static final class Connection {
        private final Socket socket = new Socket();
        private final InputStream in;
        private final OutputStream out;
        private final int port;
        boolean reusable = true;

        Connection(int port, int timeoutMillis) throws IOException {
            this.port = port;
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(timeoutMillis);
            socket.connect(new InetSocketAddress("127.0.0.1", port), Math.min(timeoutMillis, 1000));
            in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
            out = socket.getOutputStream();
        }

        Answer exchange(String method, String pathAndQuery, String contentType, byte[] body) throws IOException {
            StringBuilder head = new StringBuilder(160).append(method).append(' ').append(pathAndQuery).append(" HTTP/1.1\r\nHost: 127.0.0.1:")
                    .append(port).append("\r\nContent-Length: ").append(body.length).append("\r\n");
            if (contentType != null) head.append("Content-Type: ").append(contentType).append("\r\n");
            out.write(head.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
            out.write(body);
            out.flush();

            String status = line();
            if (status == null || status.length() < 12) throw new IOException("connection closed before an answer");
            int code = Integer.parseInt(status.substring(9, 12));
            int length = -1;
            String type = null, retryAfter = null;
            for (String h = line(); h != null && !h.isEmpty(); h = line()) {
                int colon = h.indexOf(':');
                if (colon < 0) continue;
                String name = h.substring(0, colon).trim().toLowerCase(java.util.Locale.ROOT), value = h.substring(colon + 1).trim();
                switch (name) {
                    case "content-length" -> length = Integer.parseInt(value);
                    case "content-type" -> type = value;
                    case "retry-after" -> retryAfter = value;
                    case "connection" -> reusable &= !value.equalsIgnoreCase("close");
                    case "transfer-encoding" -> throw new IOException("a chunked answer: the services send a Content-Length");
                    default -> { }
                }
            }
            byte[] answer = length <= 0 ? new byte[0] : in.readNBytes(length);
            if (answer.length < Math.max(0, length)) throw new IOException("connection closed inside the answer");
            return new Answer(code, type, retryAfter, answer);
        }

        private String line() throws IOException {
            StringBuilder sb = new StringBuilder(64);
            for (int c = in.read(); c != -1; c = in.read()) {
                if (c == '\n') {
                    int n = sb.length();
                    if (n > 0 && sb.charAt(n - 1) == '\r') sb.setLength(n - 1);
                    return sb.toString();
                }
                sb.append((char) c);
            }
            return sb.isEmpty() ? null : sb.toString();
        }

        void close() {
            try {
                socket.close();
            } catch (IOException ignored) {
                // already broken: nothing to release
            }
        }
    }
}
