package lab.portal.guide;

import lab.portal.LabProperties;
import lab.portal.content.LabContent;
import lab.portal.progress.BlockRun;
import lab.portal.progress.BlockRunStore;
import lab.portal.progress.LabProgress;
import lab.portal.progress.ProgressStore;
import lab.portal.progress.StoredRun;
import lab.portal.runtime.LabService;
import lab.portal.runtime.RuntimeChoice;
import lab.portal.runtime.ServedModel;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import tools.jackson.databind.json.JsonMapper;

import java.util.Arrays;
import java.util.Comparator;
import java.util.Map;

/** The lab page: the guide as steps, each experiment where the guide needs it, and the state the page's scripts draw. */
@Controller
class LabPageController {

    /**
     * The state the page's scripts draw on load: the latest run of each experiment, the standing, the
     * model, and whether the cost panel has measured memory to price yet.
     */
    record PageState(Map<String, StoredRun> runs, Map<String, BlockRun> blocks, LabProgress.Standing standing, ServedModel.Info model,
                     boolean costReady) {
    }

    private final LabContent lab;
    private final ProgressStore store;
    private final BlockRunStore blocks;
    private final LabProgress progress;
    private final RuntimeChoice runtime;
    private final ServedModel model;
    private final JsonMapper json;
    private final Map<String, Integer> ports;

    LabPageController(LabContent lab, ProgressStore store, BlockRunStore blocks, LabProgress progress, RuntimeChoice runtime, ServedModel model,
                      JsonMapper json, LabProperties properties) {
        this.lab = lab;
        this.store = store;
        this.blocks = blocks;
        this.progress = progress;
        this.runtime = runtime;
        this.model = model;
        this.json = json;
        this.ports = Map.of(LabService.TRADITIONAL.id(), properties.services().traditional().port(), LabService.ML.id(), properties.services().ml().port());
    }

    @GetMapping("/")
    String lab(Model page) {
        Map<String, StoredRun> latest = store.latestRuns();
        Map<String, StoredRun> latestMeasured = store.latestMeasuredRuns();
        Map<String, String> answers = store.answers();
        page.addAttribute("lab", lab);
        page.addAttribute("page", LabPage.of(lab, latestMeasured, answers));
        page.addAttribute("runtimeName", runtime.runtime().name());
        page.addAttribute("runtimeReason", runtime.reason());
        page.addAttribute("services", Arrays.stream(LabService.values()).map(LabService::id).toList());
        page.addAttribute("ports", ports);
        page.addAttribute("state", json.writeValueAsString(new PageState(latest, blocks.latest(), progress.standing(latestMeasured, answers),
                modelInfo(latest), latestMeasured.containsKey("resources"))));
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
