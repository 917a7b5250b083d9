package lab.traditional;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.ValidationReport;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.parser.OpenAPIV3Parser;
import lab.service.SentimentService;
import lab.service.ServiceConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The OpenAPI description the services serve at /openapi.yaml agrees with the server: every route it
 * registers is described, and real answers — successes and refusals — validate against it (Atlassian's
 * swagger-request-validator, from Maven Central).
 */
class ApiDescriptionTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static SentimentService service;
    private static String base;
    private static String spec;
    private static OpenApiInteractionValidator validator;

    @BeforeAll
    static void start() throws Exception {
        service = TraditionalApi.start(ServiceConfig.from(Map.of("PORT", "0"), 0));
        base = "http://127.0.0.1:" + service.port();
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/openapi.yaml")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/yaml"));
        spec = r.body();
        validator = OpenApiInteractionValidator.createForInlineApiSpecification(spec).build();
    }

    @AfterAll
    static void stop() {
        service.stop();
    }

    @Test
    void everyRouteTheServerRegistersIsDescribed() {
        OpenAPI api = new OpenAPIV3Parser().readContents(spec, null, null).getOpenAPI();
        List<String> missing = new ArrayList<>();
        service.routes().forEach((path, methods) -> methods.forEach(method -> {
            PathItem item = api.getPaths().get(path);
            if (item == null || !item.readOperationsMap().containsKey(PathItem.HttpMethod.valueOf(method))) missing.add(method + " " + path);
        }));
        assertEquals(List.of(), missing, "routes the server answers that /openapi.yaml does not describe");
        assertTrue(service.routes().size() >= 9, "the server's route table was read: " + service.routes());
        List<String> extra = new ArrayList<>(api.getPaths().keySet());
        extra.removeAll(service.routes().keySet());
        assertEquals(List.of(), extra, "paths described that the server does not answer");
    }

    @Test
    void realAnswersValidateAgainstTheDescription() throws Exception {
        String json = "application/json";
        check("POST", "/analyze", json, "{\"text\": \"The parcel was late, but the support team was GREAT!\"}", 200);
        check("POST", "/analyze", json, "{\"text\": 42}", 400);
        check("POST", "/analyze", json, "{\"text\": \"" + "a".repeat(5001) + "\"}", 413);
        check("POST", "/analyze", "text/plain", "hello", 415);
        check("POST", "/analyze/batch", json, "{\"texts\": [\"Love it\", \"The refund never arrived. Terrible.\"]}", 200);
        check("POST", "/analyze/batch", json, "{\"texts\": []}", 400);
        for (String path : List.of("/health", "/v2/health/live", "/ready", "/v2/health/ready", "/info", "/metrics", "/openapi.yaml")) {
            check("GET", path, null, null, 200);
        }
    }

    /** Sends the request for real and validates the request and the answer it got. */
    private static void check(String method, String path, String contentType, String body, int expected) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path));
        if (body != null) b.header("Content-Type", contentType).method(method, HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(expected, r.statusCode(), method + " " + path + ": " + r.body());
        SimpleRequest.Builder request = new SimpleRequest.Builder(Request.Method.valueOf(method), path);
        if (body != null) request.withContentType(contentType).withBody(body);
        SimpleResponse.Builder response = SimpleResponse.Builder.status(r.statusCode()).withBody(r.body());
        r.headers().map().forEach((name, values) -> response.withHeader(name, values));
        ValidationReport report = validator.validate(request.build(), response.build());
        // A request the description itself refuses (the 400/413/415 cases) is expected; the answer must still match.
        List<ValidationReport.Message> answerProblems = report.getMessages().stream()
                .filter(m -> m.getKey().startsWith("validation.response")).toList();
        assertEquals(List.of(), answerProblems.stream().map(ValidationReport.Message::getMessage).toList(), method + " " + path + " → " + r.statusCode()
                + " " + r.body());
        if (expected < 400) {
            assertTrue(!report.hasErrors(), method + " " + path + ": " + report.getMessages());
        }
    }

}
