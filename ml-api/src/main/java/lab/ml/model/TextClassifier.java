package lab.ml.model;

import java.util.List;

/**
 * A loaded sentiment model: classifies a batch of texts in one forward pass. Implementations are
 * DJL models (TorchScript DistilBERT, or the offline MiniLM encoder with its trained head).
 */
public interface TextClassifier extends AutoCloseable {
    /** Name and version, shown on every answer, e.g. "distilbert-base-uncased-finetuned-sst-2-english". */
    String name();

    /** Longest input in tokens; longer inputs are truncated and say so. */
    int maxTokens();

    List<Classification> classify(List<String> texts);

    @Override
    void close();
}
