package lab.portal.runtime;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What a replica's own {@code /info} says about itself, as far as the portal reads it: the model it
 * serves and where its files came from (ml-api), and its start-up phases.
 *
 * @param modelFiles         where the model's files came from: downloaded, cached, local_directory, ... (ml-api)
 * @param modelDir           where the model's files are, as the replica sees them (ml-api)
 * @param modelDownloadBytes what this start fetched over the network for its model (ml-api)
 */
public record ServiceInfo(String service, String model, Boolean fallback, String fallbackReason, String modelFiles, String modelFilesNote,
                          String modelDir, Long modelDownloadBytes, OfflineModel offlineModel, Startup startup) {

    /** ml-api's offline model, with its measured accuracies (negative where not measured). */
    public record OfflineModel(String note, Double testAccuracy, Double sst2DevAccuracy) {
    }

    public record Startup(List<Phase> phases, String currentPhase) {
    }

    public record Phase(String phase, double durationS) {
    }

    public boolean isFallback() {
        return Boolean.TRUE.equals(fallback);
    }

    /** Each start-up phase's duration in seconds, by name. */
    public Map<String, Double> phaseSeconds() {
        if (startup == null || startup.phases() == null) return Map.of();
        return startup.phases().stream().collect(Collectors.toMap(Phase::phase, Phase::durationS, (a, b) -> b, java.util.LinkedHashMap::new));
    }
}
