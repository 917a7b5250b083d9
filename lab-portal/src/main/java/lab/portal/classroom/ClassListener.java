package lab.portal.classroom;

import org.apache.catalina.connector.Connector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * A class portal's second listener, on {@code lab.class.address:port}: the one a room of laptops reaches.
 * It has its own few threads and short timeouts, so a slow or hostile client there never takes the
 * instructor's page with it; what it may serve is decided by {@code ClassEndpointFilter} (reports only).
 */
@Component
class ClassListener implements WebServerFactoryCustomizer<TomcatServletWebServerFactory> {
    private static final Logger LOG = LoggerFactory.getLogger(ClassListener.class);
    private final ClassSettings settings;

    ClassListener(ClassSettings settings) {
        this.settings = settings;
    }

    @Override
    public void customize(TomcatServletWebServerFactory factory) {
        if (!settings.enabled()) return;
        Connector connector = new Connector(TomcatServletWebServerFactory.DEFAULT_PROTOCOL);
        connector.setPort(settings.port());
        connector.setProperty("address", settings.address());
        connector.setProperty("maxThreads", "16");
        connector.setProperty("acceptCount", "200");
        connector.setProperty("connectionTimeout", "10000");
        connector.setProperty("keepAliveTimeout", "5000");
        factory.addAdditionalConnectors(connector);
    }

    @EventListener(ApplicationReadyEvent.class)
    void announce() {
        if (!settings.enabled()) return;
        LOG.info(String.format("class '%s' takes learners' reports on http://%s:%d%s (with its code in X-Class-Code); its page is /class on this portal's own address",
                settings.name(), settings.address(), settings.port(), ClassSettings.REPORTS));
    }
}
