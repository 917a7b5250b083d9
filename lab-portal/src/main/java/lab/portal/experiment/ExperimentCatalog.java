package lab.portal.experiment;

import org.springframework.stereotype.Component;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The code behind each experiment of content/lab.yaml, by the id the content knows it by. */
@Component
public class ExperimentCatalog {
    private final Map<String, Experiment> byId = new LinkedHashMap<>();

    public ExperimentCatalog() {
        this(List.of(new StartupExperiment(), new ResourceExperiment(), new LoadExperiment(), new HealthDuringRestartExperiment(),
                new ScalingExperiment()));
    }

    public ExperimentCatalog(List<Experiment> experiments) {
        experiments.forEach(e -> byId.put(e.id(), e));
    }

    public Optional<Experiment> find(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    public Set<String> ids() {
        return byId.keySet();
    }
}
