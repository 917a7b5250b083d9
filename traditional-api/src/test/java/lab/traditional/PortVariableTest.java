package lab.traditional;

import lab.service.ServiceConfig;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Where a service started by hand listens: PORT, else the variable the guide and the portal's terminal use, else its default. */
class PortVariableTest {
    private static int port(Map<String, String> env) {
        return ServiceConfig.from(ServiceConfig.withPort(env, "TRADITIONAL_PORT"), TraditionalApi.DEFAULT_PORT).port();
    }

    @Test
    void portWinsThenTheServicesOwnVariableThenTheDefault() {
        assertEquals(9100, port(Map.of("PORT", "9100", "TRADITIONAL_PORT", "9200")));
        assertEquals(9200, port(Map.of("TRADITIONAL_PORT", "9200", "ML_PORT", "9300")));
        assertEquals(8001, port(Map.of("ML_PORT", "9300")));
    }
}
