package lab.process;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Ports for services that must listen on a port chosen beforehand (the portal's replicas on base + 10·n,
 * a container on host networking), taken from below the kernel's ephemeral range. A port picked by
 * binding port 0 and closing it lies inside that range, so any process that binds port 0 meanwhile (the
 * service's own warm-up, another test, the JDK's HTTP client) may be handed it before the service binds
 * it; a port below the range is never handed out that way. Each port is given once per JVM, and only
 * when nothing listens on it nor on the three replica ports after it (port + 10, + 20, + 30), which no
 * later call hands out either: a service scaled out never meets another's port.
 */
public final class FreePorts {
    /** Well clear of the services' own defaults (8001, 8002, 8080, 8090) and of common servers. */
    private static final int FIRST = 20_000;
    /** A port and its replica ports: port + 10·n for n = 1..3. */
    private static final int REPLICAS = 4;
    private static final int BLOCK = 10 * REPLICAS;
    /** Where this JVM starts looking: apart from another JVM's tests running beside it. */
    private static final AtomicInteger NEXT = new AtomicInteger(FIRST + (int) (ProcessHandle.current().pid() % 251) * BLOCK);

    private FreePorts() {
    }

    /** A free port below the ephemeral range, with its replica ports free too. */
    public static int next() {
        int limit = ephemeralLow() - BLOCK;
        for (int tries = 0; tries < 5_000; tries++) {
            int p = NEXT.getAndAdd(BLOCK);
            if (p > limit) {
                NEXT.compareAndSet(p + BLOCK, FIRST);
                continue;
            }
            boolean free = true;
            for (int i = 0; i < REPLICAS && free; i++) free = free(p + 10 * i);
            if (free) return p;
        }
        throw new IllegalStateException("no free port between " + FIRST + " and " + ephemeralLow());
    }

    /**
     * The first port the kernel hands out for a bind to port 0 (32768 where it cannot be read). Read as
     * lines: the JDK's readString trusts a /proc file's reported size and returns its first byte only.
     */
    static int ephemeralLow() {
        try {
            String[] range = Files.readAllLines(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).get(0).trim().split("\\s+");
            return Integer.parseInt(range[0]);
        } catch (IOException | RuntimeException e) {
            return 32_768;
        }
    }

    private static boolean free(int port) {
        try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
