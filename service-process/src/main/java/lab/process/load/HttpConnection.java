package lab.process.load;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * One keep-alive HTTP/1.1 connection that sends the same prepared request again and again and reads
 * just the status and the body length (Content-Length or chunked). Far lighter than a general client,
 * so the generator, not the service, is never what limits the rate on a small machine.
 */
final class HttpConnection implements AutoCloseable {
    private final URI target;
    private final byte[] request;
    private final int timeoutMillis;
    private Socket socket;
    private InputStream in;
    private OutputStream out;

    HttpConnection(URI target, String contentType, byte[] body, int timeoutMillis) {
        this.target = target;
        this.timeoutMillis = timeoutMillis;
        String path = target.getRawPath() + (target.getRawQuery() == null ? "" : "?" + target.getRawQuery());
        byte[] head = ("POST " + path + " HTTP/1.1\r\nHost: " + target.getHost() + ":" + target.getPort()
                + "\r\nContent-Type: " + contentType + "\r\nContent-Length: " + body.length + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        this.request = new byte[head.length + body.length];
        System.arraycopy(head, 0, request, 0, head.length);
        System.arraycopy(body, 0, request, head.length, body.length);
    }

    /** Sends the request and returns the response status; reconnects when the server closed the connection. */
    int exchange() throws IOException {
        return exchange(timeoutMillis);
    }

    /** The same, waiting at most {@code readTimeoutMillis} for the answer (a caller's deadline). */
    int exchange(int readTimeoutMillis) throws IOException {
        if (socket == null) {
            connect();
        }
        socket.setSoTimeout(Math.max(1, readTimeoutMillis));
        out.write(request);
        out.flush();
        return readResponse();
    }

    private void connect() throws IOException {
        socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.setSoTimeout(timeoutMillis);
        socket.connect(new InetSocketAddress(target.getHost(), target.getPort()), timeoutMillis);
        in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
        out = socket.getOutputStream();
    }

    private int readResponse() throws IOException {
        String status = line();
        if (status == null || status.length() < 12) throw new IOException("connection closed before a response");
        int code = Integer.parseInt(status.substring(9, 12));
        long length = -1;
        boolean chunked = false;
        boolean close = false;
        String h;
        while ((h = line()) != null && !h.isEmpty()) {
            String lower = h.toLowerCase();
            if (lower.startsWith("content-length:")) length = Long.parseLong(h.substring(15).trim());
            else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) chunked = true;
            else if (lower.startsWith("connection:") && lower.contains("close")) close = true;
        }
        if (chunked) {
            skipChunks();
        } else if (length > 0) {
            skip(length);
        }
        if (close) {
            close();
        }
        return code;
    }

    private void skipChunks() throws IOException {
        long size;
        do {
            String sizeLine = line();
            if (sizeLine == null) throw new IOException("connection closed inside a chunked body");
            size = Long.parseLong(sizeLine.split(";")[0].trim(), 16);
            skip(size);
            line();
        } while (size > 0);
    }

    private void skip(long n) throws IOException {
        while (n > 0) {
            long s = in.skip(n);
            if (s <= 0) {
                if (in.read() < 0) throw new IOException("connection closed inside the body");
                s = 1;
            }
            n -= s;
        }
    }

    private String line() throws IOException {
        StringBuilder sb = new StringBuilder(64);
        int c;
        while ((c = in.read()) != -1) {
            if (c == '\n') {
                int len = sb.length();
                if (len > 0 && sb.charAt(len - 1) == '\r') sb.setLength(len - 1);
                return sb.toString();
            }
            sb.append((char) c);
        }
        return sb.length() == 0 ? null : sb.toString();
    }

    @Override
    public void close() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing a broken connection: nothing left to do
            }
        }
        socket = null;
    }
}
