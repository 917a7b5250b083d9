package lab.portal.ops;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import lab.portal.live.LiveFeed;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

import java.util.Locale;

/**
 * What the portal itself did, for Prometheus at /actuator/prometheus: experiment runs and guide block
 * runs by outcome, the learner's operations on the runtime by outcome, and the pages connected to /live.
 */
@Component
public class PortalMetrics {
    private final MeterRegistry registry;

    @Autowired
    public PortalMetrics(MeterRegistry registry, LiveFeed feed) {
        this(registry);
        Gauge.builder("lab.live.pages", feed, LiveFeed::pages).description("Pages connected to /live").register(registry);
    }

    PortalMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Counts into a registry nobody reads: for tests that construct the portal's parts by hand. */
    public static PortalMetrics none() {
        return new PortalMetrics(new SimpleMeterRegistry());
    }

    public void experimentRun(String experiment, String status) {
        Counter.builder("lab.experiment.runs").description("Experiment runs that ended, by experiment and outcome")
                .tag("experiment", experiment).tag("status", status.toLowerCase(Locale.ROOT)).register(registry).increment();
    }

    public void blockRun(String status) {
        Counter.builder("lab.guide.block.runs").description("Guide blocks run from the page, by outcome")
                .tag("status", status.toLowerCase(Locale.ROOT)).register(registry).increment();
    }

    public void runtimeOperation(String service, String operation, boolean succeeded) {
        Counter.builder("lab.runtime.operations").description("The learner's start, stop, restart, scale and build requests, by outcome")
                .tag("service", service).tag("operation", operation).tag("outcome", succeeded ? "done" : "refused").register(registry).increment();
    }
}
