package lab.portal.experiment;

import lab.portal.content.ContentProblem;
import lab.portal.content.LabContent;
import lab.portal.evidence.EvidenceSchema;
import lab.portal.settings.LabProperties;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The code behind each experiment of content/lab.yaml, by the id the content knows it by, and the
 * contract between the two: {@link #problems} finds every experiment without code, every parameter
 * record the content's values do not fit, and every figure a check, reference or question names that no
 * experiment produces (each with its line in lab.yaml).
 */
@Component
public class ExperimentCatalog {
    private final Map<String, Experiment<?>> byId = new LinkedHashMap<>();

    @Autowired
    public ExperimentCatalog(LabProperties properties) {
        this(properties.modelArtifactPath(), properties.dataPath());
    }

    /**
     * Every experiment. Experiment 6 serves {@code modelArtifact} on loopback (null: DJL's zoo, or the
     * project's offline model, which ml-api exports into {@code dataDir}).
     */
    public ExperimentCatalog(Path modelArtifact, Path dataDir) {
        this(List.of(new StartupExperiment(), new ResourceExperiment(), new LoadExperiment(), new HealthDuringRestartExperiment(),
                new ScalingExperiment(), new ModelOriginsExperiment(modelArtifact, dataDir.resolve("offline-model-artifact"))));
    }

    public ExperimentCatalog(List<Experiment<?>> experiments) {
        experiments.forEach(e -> byId.put(e.id(), e));
    }

    public Optional<Experiment<?>> find(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    public Set<String> ids() {
        return byId.keySet();
    }

    /**
     * Each experiment's schema, by id, with what every run records besides (how busy the machine was
     * outside the lab): the labels and units the page shows.
     */
    public Map<String, EvidenceSchema> schemas() {
        Map<String, EvidenceSchema> out = new LinkedHashMap<>();
        byId.forEach((id, e) -> out.put(id, e.schema().with(OutsideLoad.OUTSIDE_CPU)));
        return out;
    }

    /** What each experiment's card says before Run: what the run stops first and puts back afterwards. */
    public Map<String, List<String>> beforeRun() {
        Map<String, List<String>> out = new LinkedHashMap<>();
        byId.forEach((id, e) -> out.put(id, e.startingState().describe()));
        return out;
    }

    /** Where the content and the code disagree: what the portal refuses to start with. */
    public List<ContentProblem> problems(LabContent content) {
        List<ContentProblem> p = new ArrayList<>();
        for (LabContent.ExperimentSpec spec : content.experiments()) {
            Experiment<?> e = byId.get(spec.id());
            if (e == null) {
                p.add(new ContentProblem(content.pathOf(spec.id()), "experiment " + spec.id() + " has no code that measures it (there is code for "
                        + byId.keySet() + ")"));
                continue;
            }
            p.addAll(content.parameterProblems(spec.id(), e.parameters()));
        }
        for (LabContent.FigureUse use : content.figureUses()) {
            Experiment<?> e = byId.get(use.experiment());
            if (e == null) continue; // reported above, or by the content's own checks
            if (use.parameter()) {
                String name = use.name().substring("param.".length());
                LabContent.ExperimentSpec spec = content.experiment(use.experiment());
                if (spec != null && !spec.parameters().has(name)) {
                    p.add(new ContentProblem(use.path(), use.user() + " names {" + use.name() + "}, but experiment " + use.experiment()
                            + " has no parameter '" + name + "'"));
                }
            } else if (!e.schema().hasFigure(use.name())) {
                p.add(new ContentProblem(use.path(), use.user() + " names figure '" + use.name() + "', which experiment " + use.experiment()
                        + " does not produce (it produces " + String.join(", ", e.schema().figures().keySet()) + ")"));
            }
        }
        return p;
    }
}
