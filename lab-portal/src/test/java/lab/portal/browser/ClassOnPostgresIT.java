package lab.portal.browser;

import lab.portal.LabFixture;
import lab.portal.PostgresCluster;
import lab.portal.progress.LabReport;
import lab.portal.progress.StepProgress;
import lab.process.MachineTool;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The class portal on a real PostgreSQL, through the standard spring.datasource settings, as an instructor
 * would run a class that matters: reports are stored there (migrated by Flyway), survive a restart of the
 * portal, and a learner's later report replaces the earlier one.
 */
class ClassOnPostgresIT {
    private static final String CODE = "pg-class-code";
    private final HttpClient http = HttpClient.newHttpClient();

    /** A learner's report with an Experiment 1 run: what a learner portal's /report.json holds, made here. */
    static String report(double mlReady, int cores) {
        Map<String, Object> parameters = new HashMap<>(LabFixture.content().experiment("startup").parameters().recorded());
        Map<String, Double> figures = Map.of("ml.ready_s.median", mlReady, "ml.ready_s.min", mlReady, "traditional.ready_s.max", 0.3,
                "ml.live_to_ready_gap_s.min", mlReady - 0.4, "traditional.live_to_ready_gap_s.max", 0.0);
        LabReport r = new LabReport(LabReport.FORMAT, new LabReport.Environment("local processes", "feedback-minilm-l6 (offline) 1.2", cores,
                8L << 30, "25", Instant.now().toString()), List.of(new LabReport.ExperimentRun("startup", Instant.now().toString(), parameters, figures,
                List.of())), Map.of("probes", "an answer"), List.of(new StepProgress.Status("step-5", "Step 5", "c", true, false, "d", "#step-5")), List.of());
        return LabFixture.JSON.writeValueAsString(r);
    }

    private HttpResponse<String> send(URI reports, String name, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(reports + "?name=" + name)).header("X-Class-Code", CODE)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void reportsAreKeptInPostgresqlAndSurviveARestart() throws Exception {
        Assumptions.assumeTrue(MachineTool.POSTGRESQL.availableForTests(), MachineTool.POSTGRESQL.missing());
        try (PostgresCluster pg = PostgresCluster.start()) {
            int classPort = PortalProcess.freePort(), port = PortalProcess.freePort();
            Path data = Files.createTempDirectory("class-pg");
            List<String> settings = List.of("--lab.runtime=local", "--lab.class.name=PG", "--lab.class.code=" + CODE, "--lab.class.port=" + classPort,
                    "--spring.datasource.url=" + pg.jdbcUrl(), "--spring.datasource.username=" + pg.user(), "--spring.datasource.password=");
            URI reports = URI.create("http://127.0.0.1:" + classPort + "/api/class/reports");
            try (PortalProcess portal = PortalProcess.start(BrowserTest.REPO, data, port, settings)) {
                assertThat(send(reports, "Ada", report(2.0, 2)).statusCode()).isEqualTo(200);
                assertThat(send(reports, "Grace", report(3.0, 8)).statusCode()).isEqualTo(200);
                assertThat(send(reports, "Ada", report(2.5, 2)).statusCode()).isEqualTo(200);
            }
            try (Connection c = DriverManager.getConnection(pg.jdbcUrl(), pg.user(), "");
                 ResultSet rows = c.createStatement().executeQuery("select learner_name, report_json from class_report order by learner_key")) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getString(1)).isEqualTo("Ada");
                assertThat(rows.getString(2)).as("Ada's later report replaced hers").contains("2.5");
                assertThat(rows.next()).isTrue();
                assertThat(rows.getString(1)).isEqualTo("Grace");
                assertThat(rows.next()).isFalse();
            }
            try (PortalProcess again = PortalProcess.start(BrowserTest.REPO, data, port, settings)) {
                JsonNode view = LabFixture.JSON.readTree(http.send(HttpRequest.newBuilder(again.uri("/api/class")).build(),
                        HttpResponse.BodyHandlers.ofString()).body());
                assertThat(view.path("learners").findValuesAsString("name")).containsExactly("Ada", "Grace");
                for (JsonNode f : view.path("figures")) {
                    if (f.path("figure").asString().equals("ml.ready_s.median")) {
                        assertThat(f.path("defaults").path("median").asDouble()).isEqualTo(2.75);
                    }
                }
            }
        }
    }
}
