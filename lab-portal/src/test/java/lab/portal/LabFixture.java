package lab.portal;

import lab.portal.content.LabContent;
import lab.portal.content.Parameters;
import lab.portal.experiment.Cancellation;
import lab.portal.experiment.ExperimentContext;
import lab.portal.progress.ProgressStore;
import lab.portal.runtime.LabService;
import lab.portal.runtime.LocalProcessRuntime;
import lab.portal.runtime.ServiceRuntime;
import lab.portal.runtime.ServiceSpec;
import lab.process.ServiceProcess;
import org.flywaydb.core.Flyway;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * What the portal's integration tests share: the repository they run against, its content, free ports,
 * a local runtime with ml-api on its offline model, and an experiment context with the content's
 * parameters (some shortened by the test).
 */
public final class LabFixture {
    public static final Path REPO = Path.of(System.getProperty("lab.repo", "..")).toAbsolutePath().normalize();
    public static final Duration READY_TIMEOUT = Duration.ofSeconds(180);
    /** ml-api on its offline model: the zoo's host may not be contacted from a test. */
    public static final Map<String, String> OFFLINE = Map.of("MODEL_URI", "offline");

    private LabFixture() {
    }

    public static LabContent content() {
        try {
            return LabContent.load(REPO.resolve("content/lab.yaml"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A port below the kernel's ephemeral range, with its replica ports (+ 10·n) free: nothing binding port 0 can take it. */
    public static int freePort() {
        return ServiceProcess.freePort();
    }

    /** Both services on free ports, ml-api on its offline model. */
    public static Map<LabService, ServiceSpec> services() {
        Map<LabService, ServiceSpec> s = new EnumMap<>(LabService.class);
        s.put(LabService.TRADITIONAL, ServiceSpec.local(freePort(), Map.of()));
        s.put(LabService.ML, ServiceSpec.local(freePort(), OFFLINE));
        return s;
    }

    /** A local runtime for both services on free ports, keeping its record of children in a temporary directory. */
    public static LocalProcessRuntime localRuntime() {
        return localRuntime(services());
    }

    public static LocalProcessRuntime localRuntime(Map<LabService, ServiceSpec> services) {
        try {
            return new LocalProcessRuntime(REPO, services, Files.createTempDirectory("portal-state").resolve("children"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The JSON the portal speaks (snake_case, as configured in application.properties). */
    public static final JsonMapper JSON = JsonMapper.builder().propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE).build();

    /** A fresh in-memory database, migrated as the portal's is. */
    public static JdbcTemplate database() {
        DriverManagerDataSource db = new DriverManagerDataSource("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "");
        Flyway.configure().dataSource(db).locations("classpath:db/migration").load().migrate();
        return new JdbcTemplate(db);
    }

    /** A progress store on a fresh in-memory database. */
    public static ProgressStore store() {
        return new ProgressStore(database(), JSON);
    }

    /** The content's parameters for the experiment, with {@code overrides} on top. */
    public static Parameters parameters(String experiment, Map<String, Object> overrides) {
        Map<String, Object> values = new HashMap<>(content().experiment(experiment).parameters().values());
        values.putAll(overrides);
        return new Parameters(experiment, values);
    }

    public static ExperimentContext context(ServiceRuntime runtime, String experiment, Map<String, Object> overrides) {
        return new ExperimentContext(runtime, parameters(experiment, overrides), READY_TIMEOUT, new Cancellation(),
                ExperimentContext.Listener.NONE);
    }
}
