package lab.traditional;

import lab.process.ServiceProcess;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The packaged jar as a real process: start-up, the startup log line, and a flood of connections. */
class TraditionalApiProcessIT {

    @Test
    void startsListeningThenReadyAndLogsItsStartupTimes() throws Exception {
        try (ServiceProcess service = start()) {
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (service.status("/health") != 200) {
                assertTrue(service.isAlive(), () -> service.exitedEarly("before /health answered"));
                assertTrue(System.nanoTime() < deadline, "no /health within 30 s");
                Thread.sleep(5);
            }
            while (service.status("/ready") != 200) {
                assertTrue(System.nanoTime() < deadline, "no /ready within 30 s");
                Thread.sleep(5);
            }
            assertEquals(200, service.status("/v2/health/ready"));
            Thread.sleep(200);
            String log = service.log();
            assertTrue(log.matches("(?s).*INFO .*JVM start -> listening [0-9.]+ s, -> ready [0-9.]+ s.*"), log);
        }
    }

    @Test
    void tenThousandConcurrentConnectionsNeitherCrashNorLeak() throws Exception {
        try (ServiceProcess service = start()) {
            waitReady(service);
            long threadsBefore = service.threads();
            byte[] request = ("POST /analyze HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 23\r\n\r\n{\"text\":\"so good 😀\"}").getBytes(StandardCharsets.UTF_8);
            int answered200 = 0, answered503 = 0;
            List<Socket> sockets = new ArrayList<>();
            try {
                for (int i = 0; i < 10_000; i++) {
                    Socket s = new Socket();
                    s.connect(new InetSocketAddress("127.0.0.1", service.port()), 10_000);
                    s.setSoTimeout(60_000);
                    sockets.add(s);
                }
                for (Socket s : sockets) {
                    OutputStream out = s.getOutputStream();
                    out.write(request);
                    out.flush();
                }
                int failed = 0;
                String firstFailure = null;
                for (Socket s : sockets) {
                    try {
                        int status = readStatus(s.getInputStream());
                        if (status == 200) answered200++;
                        else if (status == 503) answered503++;
                    } catch (IOException e) {
                        if (failed++ == 0) firstFailure = e + " after " + (answered200 + answered503) + " answers";
                    }
                }
                assertEquals(0, failed, "connections that got no answer; the first: " + firstFailure);
            } finally {
                for (Socket s : sockets) s.close();
            }
            assertEquals(10_000, answered200 + answered503, "every connection got 200 or a 503 shed answer");
            assertTrue(answered200 > 0);
            assertTrue(service.isAlive(), () -> service.exitedEarly("under the flood"));
            assertEquals(200, service.status("/health"));
            long threadsAfter = service.threads();
            assertTrue(threadsAfter <= threadsBefore + 2, "threads are bounded: " + threadsBefore + " -> " + threadsAfter);
            long rssKb = service.residentBytes() / 1024;
            assertTrue(rssKb < 400_000, "resident memory stays bounded: " + rssKb + " kB");
        }
    }

    private static void waitReady(ServiceProcess service) throws InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (service.status("/ready") != 200) {
            assertTrue(System.nanoTime() < deadline, "not ready within 30 s");
            Thread.sleep(10);
        }
    }

    static ServiceProcess start() throws IOException {
        return ServiceProcess.start(jar(), Map.of());
    }

    static Path jar() {
        return Path.of(System.getProperty("lab.jar"));
    }

    private static int readStatus(InputStream in) throws IOException {
        byte[] head = in.readNBytes(12);
        return head.length < 12 ? -1 : Integer.parseInt(new String(head, 9, 3, StandardCharsets.US_ASCII));
    }
}
