package lab.portal.live;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;

/** The pages connected to /live now, for /actuator/prometheus ({@code lab.live.pages}). */
@Component
class LivePages {
    LivePages(LiveFeed feed, MeterRegistry registry) {
        Gauge.builder("lab.live.pages", feed, LiveFeed::pages).description("Pages connected to /live").register(registry);
    }
}
