package lab.process.metrics;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PrometheusTextTest {

    @Test
    void readsSamplesWithLabelsEscapesAndSpecialValues() {
        PrometheusText t = PrometheusText.parse("""
                # HELP http_requests_total Requests
                # TYPE http_requests_total counter
                http_requests_total{route="/analyze",status="200"} 12.0
                service_info{model="a \\"quoted\\" name, with comma",service="ml-api"} 1
                latency_bucket{le="+Inf"} 3 1700000000000
                ready NaN
                """);
        assertEquals(12.0, t.value("http_requests_total", "route", "/analyze", "status", "200"));
        assertEquals("a \"quoted\" name, with comma", t.all("service_info").get(0).labels().get("model"));
        assertEquals(3, t.value("latency_bucket", "le", "+Inf"));
        assertTrue(Double.isNaN(t.value("ready")));
        assertTrue(Double.isNaN(t.value("absent")));
    }

    @Test
    void refusesWhatAPrometheusServerWouldRefuse() {
        var twice = assertThrows(PrometheusText.Invalid.class,
                () -> PrometheusText.parse("phase_seconds{phase=\"model_resolve\"} 1\nphase_seconds{phase=\"model_resolve\"} 2\n"));
        assertTrue(twice.getMessage().contains("twice"), twice.getMessage());
        assertThrows(PrometheusText.Invalid.class, () -> PrometheusText.parse("{\"error\":\"internal_error\"}"));
        assertThrows(PrometheusText.Invalid.class, () -> PrometheusText.parse("x{a=\"1\" 2"));
        assertThrows(PrometheusText.Invalid.class, () -> PrometheusText.parse("x one"));
    }
}
