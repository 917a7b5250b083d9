package lab.portal.ops;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.springframework.stereotype.Component;


/**
 * The learner's operations on the runtime by outcome, for Prometheus at /actuator/prometheus. (Activities
 * are counted by the activity runner, the pages on /live where they connect.)
 */
@Component
public class PortalMetrics {
    private final MeterRegistry registry;

    public PortalMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Counts into a registry nobody reads: for tests that construct the portal's parts by hand. */
    public static PortalMetrics none() {
        return new PortalMetrics(new SimpleMeterRegistry());
    }

    public void runtimeOperation(String service, String operation, boolean succeeded) {
        Counter.builder("lab.runtime.operations").description("The learner's start, stop, restart, scale and build requests, by outcome")
                .tag("service", service).tag("operation", operation).tag("outcome", succeeded ? "done" : "refused").register(registry).increment();
    }
}
