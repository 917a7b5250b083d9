package lab.portal.progress;

import lab.portal.content.LabContent;
import lab.portal.content.StepCheck;
import lab.portal.runtime.ServiceClient;
import lab.portal.settings.LabProperties;
import lab.process.metrics.PrometheusText;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * What the portal can see on the services' own ports, whoever started them (its runtime, or the learner
 * in a terminal): whether a service answers /ready, and what its /metrics counted. A step done by hand
 * counts as a step done from the page. Looked at every few seconds; when what the steps rest on changes,
 * the standing is judged again ({@link Changed}).
 */
@Component
public class ServiceObservations implements DisposableBean {
    private static final Duration EVERY = Duration.ofSeconds(3);
    private static final Duration TIMEOUT = Duration.ofMillis(800);

    /** What the services show changed for some step's observation: the standing may have changed. */
    public record Changed() {
    }

    private final LabContent lab;
    private final Map<String, Integer> ports = new HashMap<>();
    private final ApplicationEventPublisher events;
    private final ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "service-observations");
        t.setDaemon(true);
        return t;
    });
    private volatile Set<String> holding = Set.of();

    public ServiceObservations(LabContent lab, LabProperties properties, ApplicationEventPublisher events) {
        this.lab = lab;
        this.events = events;
        properties.services().byKey().forEach((key, service) -> ports.put(key, service.port()));
        if (lab.stepChecks().stream().anyMatch(k -> !k.observe().isEmpty())) {
            clock.scheduleWithFixedDelay(this::look, EVERY.toMillis(), EVERY.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** Whether the observation holds now. */
    public boolean holds(StepCheck.Observation o) {
        Integer port = ports.get(o.service());
        if (port == null) return false;
        if (Boolean.TRUE.equals(o.ready())) return ServiceClient.status(port, "/ready") == 200;
        return requests(port, o.route(), o.status()) >= o.least();
    }

    private static double requests(int port, String route, int status) {
        try {
            HttpResponse<InputStream> r = ServiceClient.metrics(port, "text/plain; version=0.0.4", TIMEOUT);
            try (InputStream body = r.body()) {
                if (r.statusCode() != 200) return 0;
                return PrometheusText.parse(new String(body.readAllBytes(), StandardCharsets.UTF_8)).samples().stream()
                        .filter(s -> s.name().equals("http_requests_total") && Objects.equals(s.labels().get("route"), route)
                                && Objects.equals(s.labels().get("status"), Integer.toString(status)))
                        .mapToDouble(PrometheusText.Sample::value).sum();
            }
        } catch (java.io.IOException | RuntimeException e) {
            return 0; // nothing listens there, or it is not a lab service
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }

    private void look() {
        Set<String> now = lab.stepChecks().stream().filter(k -> !k.observe().isEmpty() && k.observe().stream().allMatch(this::holds))
                .map(StepCheck::step).collect(Collectors.toSet());
        if (!now.equals(holding)) {
            holding = now;
            events.publishEvent(new Changed());
        }
    }

    @Override
    public void destroy() {
        clock.shutdownNow();
    }
}
