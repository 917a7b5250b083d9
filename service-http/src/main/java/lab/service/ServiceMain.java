package lab.service;

import lab.service.http.ServiceServer;
import sun.misc.Signal;

import java.io.IOException;
import java.net.BindException;
import java.time.Duration;
import java.util.logging.Logger;

/**
 * The start of both services' {@code main}: tunes the JDK server, configures logging, runs the start
 * and turns the usual failures into one clear line and an exit code (2: configuration, 1: cannot listen).
 * On SIGTERM (an orchestrator's stop, {@code docker stop}) or SIGINT (Ctrl-C) the service drains and exits 0.
 */
public final class ServiceMain {
    private static final Logger LOG = Logger.getLogger(ServiceMain.class.getName());

    /** Starts the service; may throw the failures below. */
    @FunctionalInterface
    public interface Start {
        void run() throws IOException;
    }

    private ServiceMain() {
    }

    public static void run(String service, Start start) {
        ClassPreloading.startInBackground();
        ServiceServer.tuneJdkServer(ServiceConfig.headerTimeoutSeconds(System.getenv()));
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

    /**
     * From now on SIGTERM and SIGINT stop the service gracefully ({@link SentimentService#drain}) and the
     * process exits 0: the stop was asked for and went as it should. A second signal during the drain is
     * ignored; the orchestrator's SIGKILL after its own grace period remains the last word.
     */
    public static void drainOnTermination(SentimentService service, Duration grace) {
        Runnable drainAndExit = () -> {
            LOG.info("termination signal: draining for up to " + grace.toSeconds() + " s (SHUTDOWN_GRACE_S)");
            service.drain(grace);
            System.exit(0);
        };
        Object once = new Object();
        boolean[] started = {false};
        for (String name : new String[]{"TERM", "INT"}) {
            Signal.handle(new Signal(name), signal -> {
                synchronized (once) {
                    if (started[0]) return;
                    started[0] = true;
                }
                Thread t = new Thread(drainAndExit, "drain");
                t.start();
            });
        }
    }
}
