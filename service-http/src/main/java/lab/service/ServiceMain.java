package lab.service;

import lab.service.http.ServiceServer;

import java.io.IOException;
import java.net.BindException;

/**
 * The start of both services' {@code main}: tunes the JDK server, configures logging, runs the start
 * and turns the usual failures into one clear line and an exit code (2: configuration, 1: cannot listen).
 */
public final class ServiceMain {
    /** Starts the service; may throw the failures below. */
    @FunctionalInterface
    public interface Start {
        void run() throws IOException;
    }

    private ServiceMain() {
    }

    public static void run(String service, Start start) {
        ClassPreloading.startInBackground();
        ServiceServer.tuneJdkServer();
        ConsoleLogging.configure(System.getenv("LOG_LEVEL"));
        try {
            start.run();
        } catch (IllegalArgumentException e) {
            System.err.println(service + ": configuration error: " + e.getMessage());
            System.exit(2);
        } catch (BindException e) {
            System.err.println(service + ": cannot listen on the configured address: " + e.getMessage()
                    + " (is another process using PORT? set PORT to a free port)");
            System.exit(1);
        } catch (IOException e) {
            System.err.println(service + ": cannot start: " + e);
            System.exit(1);
        }
    }
}
