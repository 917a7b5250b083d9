package lab.portal;

import lab.portal.activity.Cancellation;
import lab.portal.content.LabContent;
import lab.portal.content.Parameters;
import lab.portal.evidence.Evidence;
import lab.portal.experiment.Experiment;
import lab.portal.experiment.ExperimentContext;
import lab.portal.experiment.ExperimentFailure;
import lab.portal.experiment.MlTuning;
import lab.portal.progress.ProgressStore;
import lab.portal.runtime.LabService;
import lab.portal.runtime.MemoryLimit;
import lab.portal.runtime.ReplicaSettings;
import lab.portal.runtime.ServiceRuntime;
import lab.portal.runtime.ServiceSpec;
import lab.portal.runtime.local.LocalProcessRuntime;
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
import java.util.List;
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

    /** Replicas with this environment and no memory limit. */
    public static ReplicaSettings settings(Map<String, String> env) {
        return new ReplicaSettings(env, MemoryLimit.NONE);
    }

    /** A service on a port, its replicas with this environment by default (enough for local processes). */
    public static ServiceSpec local(int port, Map<String, String> env) {
        return ServiceSpec.local(port, settings(env));
    }

    /** Both services on free ports, ml-api on its offline model. */
    public static Map<LabService, ServiceSpec> services() {
        Map<LabService, ServiceSpec> s = new EnumMap<>(LabService.class);
        s.put(LabService.TRADITIONAL, local(freePort(), Map.of()));
        s.put(LabService.ML, local(freePort(), OFFLINE));
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

    /** Every experiment's code, as the portal has it (Experiment 6 without a model directory of its own). */
    public static lab.portal.experiment.ExperimentCatalog catalog() {
        try {
            return new lab.portal.experiment.ExperimentCatalog(null, Files.createTempDirectory("portal-data"));
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

    /** The content's parameters for the experiment, with {@code overrides} on top (any parameter, not only the editable ones). */
    public static Parameters parameters(String experiment, Map<String, Object> overrides) {
        Map<String, Object> values = new HashMap<>(content().experiment(experiment).parameters().recorded());
        values.putAll(overrides);
        return new Parameters(experiment, values);
    }

    /** The content's parameters for the experiment with {@code overrides}, as the experiment's own record. */
    public static <P> P bound(String experiment, Map<String, Object> overrides, Class<P> type) {
        return parameters(experiment, overrides).bind(type);
    }

    /** A context on the runtime with its configured settings and no earlier runs. */
    public static ExperimentContext context(ServiceRuntime runtime) {
        return context(runtime, ExperimentContext.Listener.NONE);
    }

    public static ExperimentContext context(ServiceRuntime runtime, ExperimentContext.Listener listener) {
        return new ExperimentContext(runtime, READY_TIMEOUT, new Cancellation(), listener);
    }

    /** Runs the experiment as the portal would, with the content's parameters and a test's changes (any parameter). */
    public static <P extends Record> Evidence run(Experiment<P> experiment, ServiceRuntime runtime, Map<String, Object> overrides)
            throws ExperimentFailure {
        return run(experiment, context(runtime), overrides);
    }

    /** The same in a context of the test's; what the run produced must be what the experiment declares. */
    public static <P extends Record> Evidence run(Experiment<P> experiment, ExperimentContext context, Map<String, Object> overrides)
            throws ExperimentFailure {
        P p = bound(experiment.id(), overrides, experiment.parameters());
        Evidence evidence = experiment.run(context.tuned(p instanceof MlTuning t ? t : null), p);
        List<String> undeclared = experiment.schema().undeclared(evidence);
        if (!undeclared.isEmpty()) throw new AssertionError("experiment " + experiment.id() + " produced what its schema does not declare: " + undeclared);
        return evidence;
    }
}
