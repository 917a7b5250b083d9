package lab.portal.experiment;

import lab.portal.LabProperties;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The code behind each experiment of content/lab.yaml, by the id the content knows it by. */
@Component
public class ExperimentCatalog {
    private final Map<String, Experiment> byId = new LinkedHashMap<>();

    @Autowired
    public ExperimentCatalog(LabProperties properties) {
        this(properties.modelArtifactPath());
    }

    /** Every experiment; Experiment 6 serves {@code modelArtifact} on loopback (null: it downloads from DJL's zoo). */
    public ExperimentCatalog(Path modelArtifact) {
        this(List.of(new StartupExperiment(), new ResourceExperiment(), new LoadExperiment(), new HealthDuringRestartExperiment(),
                new ScalingExperiment(), new ModelOriginsExperiment(modelArtifact)));
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
