package lab.bench;

import com.eclipsesource.json.Json;
import com.eclipsesource.json.JsonObject;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;

/** Accuracy of a running service on a labelled TSV, over HTTP; NEUTRAL counts as wrong on binary labels. */
final class Accuracy {
    record Score(int correct, int neutral, int total) {
        double percent() {
            return 100.0 * correct / total;
        }
    }

    private Accuracy() {
    }

    static Score measure(int port, Path tsv) throws Exception {
        LabelledSet set = LabelledSet.read(tsv);
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        int right = 0, neutral = 0;
        for (int i = 0; i < set.size(); i++) {
            String body = new JsonObject().add("text", set.texts().get(i)).toString();
            HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/analyze"))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) throw new IllegalStateException("status " + r.statusCode() + ": " + r.body());
            String label = Json.parse(r.body()).asObject().getString("sentiment", "?");
            if (label.equals(set.labels().get(i))) right++;
            if (label.equals("NEUTRAL")) neutral++;
        }
        return new Score(right, neutral, set.size());
    }
}
