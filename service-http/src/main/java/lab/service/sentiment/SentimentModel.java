package lab.service.sentiment;

import java.util.ArrayList;
import java.util.List;

/** What both services put behind the shared {@code /analyze} contract. */
public interface SentimentModel {
    /** Name and version of the model, shown on every answer. */
    String name();

    /** How it decides: "rule-based" or "transformer". */
    String method();

    Prediction predict(String text);

    /** Several texts at once; a model that batches for real overrides this. */
    default List<Prediction> predictAll(List<String> texts) {
        List<Prediction> out = new ArrayList<>(texts.size());
        for (String t : texts) {
            out.add(predict(t));
        }
        return out;
    }
}
