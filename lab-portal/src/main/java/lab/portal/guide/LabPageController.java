package lab.portal.guide;

import lab.portal.content.LabContent;
import lab.portal.evidence.EvidenceSchema;
import lab.portal.experiment.ExperimentCatalog;
import lab.portal.progress.BlockRun;
import lab.portal.progress.LabProgress;
import lab.portal.progress.StoredRun;
import lab.portal.runtime.LabService;
import lab.portal.services.ServedModel;
import lab.portal.services.ServiceControls;
import lab.portal.settings.LabProperties;
import lab.portal.terminal.TerminalProperties;
import lab.portal.tutorial.GuideBlocks;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import tools.jackson.databind.json.JsonMapper;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/** The lab page: the guide as steps, each experiment where the guide needs it, and the state the page's scripts draw. */
@Controller
class LabPageController {

    /**
     * The state the page's scripts draw on load: the latest run of each experiment, the standing, the
     * model, whether the cost panel has measured memory to price yet, and what each experiment can produce
     * (labels and units for its figures and charts).
     */
    record PageState(Map<String, StoredRun> runs, Map<String, BlockRun> blocks, LabProgress.Standing standing, ServedModel.Info model,
                     boolean costReady, Map<String, EvidenceSchema> schemas, Map<String, List<String>> unrunnable) {
    }

    private final LabContent lab;
    private final LabProgress progress;
    private final ExperimentCatalog catalog;
    private final ServiceControls services;
    private final GuideBlocks blocks;
    private final ServedModel model;
    private final JsonMapper json;
    private final Map<String, Integer> ports;
    private final boolean terminal;

    LabPageController(LabContent lab, LabProgress progress, ExperimentCatalog catalog, ServiceControls services, GuideBlocks blocks,
                      ServedModel model, JsonMapper json, LabProperties properties, TerminalProperties terminal) {
        this.terminal = terminal.terminal();
        this.blocks = blocks;
        this.lab = lab;
        this.progress = progress;
        this.catalog = catalog;
        this.services = services;
        this.model = model;
        this.json = json;
        this.ports = Map.of(LabService.TRADITIONAL.id(), properties.services().traditional().port(), LabService.ML.id(), properties.services().ml().port());
    }

    @GetMapping("/")
    String lab(Model page) {
        LabProgress.Snapshot now = progress.snapshot();
        page.addAttribute("lab", lab);
        page.addAttribute("page", LabPage.of(lab, catalog.beforeRun(), now.latestMeasured(), now.answers()));
        page.addAttribute("runtimeName", services.runtimeName());
        page.addAttribute("runtimeReason", services.runtimeReason());
        page.addAttribute("services", Arrays.stream(LabService.values()).map(LabService::id).toList());
        page.addAttribute("ports", ports);
        page.addAttribute("terminal", terminal);
        page.addAttribute("javaBin", java.nio.file.Path.of(System.getProperty("java.home"), "bin").toString());
        page.addAttribute("state", json.writeValueAsString(new PageState(now.latestRuns(), now.blocks(),
                progress.standing(now), modelInfo(now.latestRuns()),
                now.latestMeasured().containsKey("resources"), catalog.schemas(), blocks.unrunnable())));
        return "lab";
    }

    /** What ml-api serves now, or, until it has been ready since this start, what the latest run recorded. */
    private ServedModel.Info modelInfo(Map<String, StoredRun> latest) {
        if (model.known()) return model.info();
        return latest.values().stream().filter(r -> r.model() != null)
                .max(Comparator.comparingLong(StoredRun::id))
                .map(r -> ServedModel.Info.recorded(r.model(), "as recorded in run " + r.id() + " (" + r.finishedAt()
                        + "); ml-api has not been ready since the portal started"))
                .orElse(model.info());
    }
}
