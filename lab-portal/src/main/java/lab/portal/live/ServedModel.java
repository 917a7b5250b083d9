package lab.portal.live;

import com.eclipsesource.json.Json;
import com.eclipsesource.json.JsonObject;
import com.eclipsesource.json.JsonValue;
import org.springframework.stereotype.Component;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Which model ml-api serves, as its own /info says once it is ready: the portal names it on every page
 * and in every run, and says so plainly when it is the offline fallback instead of DistilBERT-SST-2.
 */
@Component
public class ServedModel {
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private volatile JsonObject info = new JsonObject().add("model", "unknown until ml-api has been ready once")
            .add("fallback", false).add("known", false);

    /** Asks a ready ml-api replica; keeps the last answer when it cannot. */
    public JsonObject refresh(int port) {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/info"))
                    .timeout(Duration.ofSeconds(3)).build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() == 200) info = describe(Json.parse(r.body()).asObject());
        } catch (java.io.IOException | RuntimeException e) {
            // the replica went away between ready and this question: the previous answer stands
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return info;
    }

    private static JsonObject describe(JsonObject i) {
        JsonObject d = new JsonObject().add("model", i.getString("model", "?")).add("fallback", i.getBoolean("fallback", false));
        if (i.get("fallback_reason") != null) d.add("fallback_reason", i.getString("fallback_reason", ""));
        JsonValue offline = i.get("offline_model");
        if (offline != null && offline.isObject()) {
            JsonObject o = offline.asObject();
            d.add("offline", true).add("note", o.getString("note", "")).add("test_accuracy", o.getDouble("test_accuracy", -1))
                    .add("sst2_dev_accuracy", o.getDouble("sst2_dev_accuracy", -1));
        }
        return d;
    }

    public JsonObject info() {
        return info;
    }

    /** Whether a running ml-api has told us since the portal started. */
    public boolean known() {
        return info.getBoolean("known", true);
    }

    /** One line for a run's record and the report. */
    public String label() {
        JsonObject i = info;
        String kind = i.getBoolean("fallback", false) ? " (offline fallback, not DistilBERT-SST-2)"
                : i.getBoolean("offline", false) ? " (offline model, not DistilBERT-SST-2)" : "";
        return i.getString("model", "?") + kind;
    }
}
