package lab.portal.runtime;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Which model ml-api serves, as its own /info says once it is ready: the portal names it on every page
 * and in every run, and says so plainly when it is the offline model instead of DistilBERT-SST-2.
 */
@Component
public class ServedModel {

    /**
     * What the page shows about the model. {@code label} is the one line every page, run and report uses;
     * the accuracies are the offline model's measured ones (null for another model).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Info(String model, String label, boolean known, boolean fallback, boolean offline, String note,
                       String fallbackReason, Double testAccuracy, Double sst2DevAccuracy) {

        static Info unknown() {
            return new Info("unknown until ml-api has been ready once", "unknown until ml-api has been ready once", false, false,
                    false, null, null, null, null);
        }

        /** The same model as recorded in a stored run, said to be from the record. */
        public static Info recorded(String label, String note) {
            return new Info(label, label, false, false, false, note, null, null, null);
        }
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final JsonMapper json;
    private volatile Info info = Info.unknown();

    public ServedModel(JsonMapper json) {
        this.json = json;
    }

    /** Asks a ready ml-api replica; keeps the last answer when it cannot. */
    public Info refresh(int port) {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/info"))
                    .timeout(Duration.ofSeconds(3)).build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() == 200) info = describe(json.readTree(r.body()));
        } catch (java.io.IOException | RuntimeException e) {
            // the replica went away between ready and this question: the previous answer stands
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return info;
    }

    static Info describe(JsonNode i) {
        String model = i.path("model").asString("?");
        boolean fallback = i.path("fallback").asBoolean(false);
        JsonNode offline = i.path("offline_model");
        boolean isOffline = offline.isObject();
        String label = model + (fallback ? " (offline fallback, not DistilBERT-SST-2)" : isOffline ? " (offline model, not DistilBERT-SST-2)" : "");
        return new Info(model, label, true, fallback, isOffline, isOffline ? offline.path("note").asString(null) : null,
                i.hasNonNull("fallback_reason") ? i.path("fallback_reason").asString() : null,
                isOffline ? offline.path("test_accuracy").asDouble() : null,
                isOffline ? offline.path("sst2_dev_accuracy").asDouble() : null);
    }

    public Info info() {
        return info;
    }

    /** Whether a running ml-api has told us since the portal started. */
    public boolean known() {
        return info.known();
    }

    /** One line for the report. */
    public String label() {
        return info.label();
    }

    /** The line a run records: null while no ml-api has said which model it serves. */
    public String labelIfKnown() {
        return info.known() ? info.label() : null;
    }
}
