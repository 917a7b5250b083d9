package lab.portal.web;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.model.SimpleResponse;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.parser.OpenAPIV3Parser;
import jakarta.servlet.http.Cookie;
import lab.portal.PortalSlice;
import lab.portal.security.PortalSecurity;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

/**
 * The portal's own API description (/openapi.yaml) agrees with its controllers: every route they map is
 * described with its method, nothing described is missing, and real answers validate against it.
 */
@WebMvcTest
@Import({PortalSlice.class, PortalSecurity.class})
class ApiDescriptionTest {
    @Autowired
    MockMvc mvc;
    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    private static String spec() throws IOException {
        try (InputStream in = ApiDescriptionTest.class.getResourceAsStream("/static/openapi.yaml")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void everyMappedRouteIsDescribedAndNothingMore() throws IOException {
        OpenAPI api = new OpenAPIV3Parser().readContents(spec(), null, null).getOpenAPI();
        List<String> mapped = new ArrayList<>();
        mappings.getHandlerMethods().forEach((info, method) -> {
            if (info.getPathPatternsCondition() == null) return;
            for (String path : info.getPathPatternsCondition().getPatternValues()) {
                if (path.equals("/error")) continue; // Boot's error page, not the portal's API
                info.getMethodsCondition().getMethods().forEach(m -> mapped.add(m.name() + " " + path));
            }
        });
        List<String> described = new ArrayList<>();
        api.getPaths().forEach((path, item) -> item.readOperationsMap().keySet().forEach(m -> described.add(m.name() + " " + path)));
        assertThat(mapped).as("the controllers' routes").hasSizeGreaterThanOrEqualTo(17);
        assertThat(described).as("/openapi.yaml describes exactly the routes the controllers map").containsExactlyInAnyOrderElementsOf(mapped);
    }

    @Test
    void realAnswersValidateAgainstIt() throws Exception {
        OpenApiInteractionValidator validator = OpenApiInteractionValidator.createForInlineApiSpecification(spec()).build();
        List<String> problems = new ArrayList<>();
        problems.addAll(check(validator, "GET", "/api/checklist", get("/api/checklist"), null, 200));
        problems.addAll(check(validator, "POST", "/api/blocks/nope/runs", change(post("/api/blocks/nope/runs")), null, 404));
        problems.addAll(check(validator, "GET", "/api/blocks/step-1-1/runs/latest", get("/api/blocks/step-1-1/runs/latest"), null, 404));
        problems.addAll(check(validator, "POST", "/api/experiments/startup/runs", change(post("/api/experiments/startup/runs"))
                .contentType(MediaType.APPLICATION_JSON).content("{\"parameters\": {\"repetitions\": 99}}"), "{\"parameters\": {\"repetitions\": 99}}", 400));
        problems.addAll(check(validator, "POST", "/api/experiments/cancel", change(post("/api/experiments/cancel")), null, 409));
        problems.addAll(check(validator, "GET", "/api/services", get("/api/services"), null, 200));
        problems.addAll(check(validator, "GET", "/api/runs/424242", get("/api/runs/424242"), null, 404));
        problems.addAll(check(validator, "GET", "/api/class", get("/api/class"), null, 200));
        // no CSRF token: a report to a class proves itself by the class code alone
        problems.addAll(check(validator, "POST", "/api/class/reports", post("/api/class/reports?name=ada").header("X-Class-Code", "wrong")
                .contentType(MediaType.APPLICATION_JSON).content("{}"), "{}", 401));
        problems.addAll(check(validator, "POST", "/api/class/reports", post("/api/class/reports?name=ada").header("X-Class-Code", "slice-code")
                .contentType(MediaType.APPLICATION_JSON).content("{\"format\": \"other\"}"), "{\"format\": \"other\"}", 400));
        assertThat(problems).as("answers that do not match /openapi.yaml").isEmpty();
        assertThat(mvc.perform(get("/openapi.yaml").header("Host", "127.0.0.1")).andReturn().getResponse().getStatus())
                .as("served by the portal").isEqualTo(200);
    }

    private static MockHttpServletRequestBuilder change(MockHttpServletRequestBuilder request) {
        return request.header("Sec-Fetch-Site", "same-origin").cookie(new Cookie("XSRF-TOKEN", "t")).header("X-XSRF-TOKEN", "t");
    }

    /** What is wrong with one real answer: a status other than the one this request must get, and any mismatch with the description. */
    private List<String> check(OpenApiInteractionValidator validator, String method, String path, MockHttpServletRequestBuilder request, String body,
                               int expectedStatus) throws Exception {
        MockHttpServletResponse r = mvc.perform(request.header("Host", "127.0.0.1")).andReturn().getResponse();
        List<String> problems = new ArrayList<>();
        if (r.getStatus() != expectedStatus) problems.add(method + " " + path + " → " + r.getStatus() + ", expected " + expectedStatus + ": " + r.getContentAsString());
        SimpleRequest.Builder req = new SimpleRequest.Builder(Request.Method.valueOf(method), path).withHeader("X-XSRF-TOKEN", "t");
        if (body != null) req.withContentType("application/json").withBody(body);
        SimpleResponse.Builder res = SimpleResponse.Builder.status(r.getStatus()).withBody(r.getContentAsString())
                .withContentType(r.getContentType() == null ? "application/json" : r.getContentType());
        validator.validate(req.build(), res.build()).getMessages().stream().filter(m -> m.getKey().startsWith("validation.response"))
                .map(m -> method + " " + path + " → " + r.getStatus() + ": " + m.getMessage()).forEach(problems::add);
        return problems;
    }
}
