package lab.ml.model.offline;

import com.eclipsesource.json.Json;
import com.eclipsesource.json.JsonArray;
import com.eclipsesource.json.JsonObject;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * The trained sentiment head on top of the sentence embedding: a logistic regression
 * {@code z = w·x + b}, calibrated with Platt scaling {@code P(positive) = sigmoid(a·z + c)}.
 */
public record SentimentHead(double[] weights, double bias, double plattA, double plattC, JsonObject provenance) {
    public static final String RESOURCE = "/lab/ml/offline/head.json";

    public double positiveProbability(float[] embedding) {
        double z = bias;
        for (int i = 0; i < weights.length; i++) {
            z += weights[i] * embedding[i];
        }
        return sigmoid(plattA * z + plattC);
    }

    static double sigmoid(double z) {
        return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
    }

    public static SentimentHead load() throws IOException {
        try (InputStream in = SentimentHead.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IOException("the offline model's head (" + RESOURCE + ") is not in the jar; train it with "
                        + "java -cp ml-api/target/ml-api.jar lab.ml.model.offline.TrainHead");
            }
            return fromJson(Json.parse(new InputStreamReader(in, StandardCharsets.UTF_8)).asObject());
        }
    }

    public static SentimentHead fromJson(JsonObject o) {
        JsonArray w = o.get("weights").asArray();
        double[] weights = new double[w.size()];
        for (int i = 0; i < weights.length; i++) weights[i] = w.get(i).asDouble();
        return new SentimentHead(weights, o.getDouble("bias", 0), o.getDouble("platt_a", 1), o.getDouble("platt_c", 0),
                o.get("provenance") == null ? new JsonObject() : o.get("provenance").asObject());
    }

    public JsonObject toJson() {
        JsonArray w = new JsonArray();
        for (double v : weights) w.add(v);
        return new JsonObject().add("provenance", provenance).add("bias", bias).add("platt_a", plattA)
                .add("platt_c", plattC).add("weights", w);
    }
}
