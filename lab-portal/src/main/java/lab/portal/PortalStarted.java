package lab.portal;

import lab.portal.runtime.RuntimeChoice;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import java.util.logging.Logger;

/** One line when the portal can be opened: where, and which runtime it chose and why. */
@Component
class PortalStarted {
    private static final Logger LOG = Logger.getLogger(PortalStarted.class.getName());
    private final RuntimeChoice runtime;

    PortalStarted(RuntimeChoice runtime) {
        this.runtime = runtime;
    }

    @EventListener
    void ready(ApplicationReadyEvent event) {
        int port = event.getApplicationContext() instanceof WebServerApplicationContext web ? web.getWebServer().getPort() : -1;
        String host = event.getApplicationContext().getEnvironment().getProperty("server.address", "127.0.0.1");
        LOG.info(String.format("lab portal ready on http://%s:%d/ (runtime: %s)", host, port, runtime.reason()));
    }
}
