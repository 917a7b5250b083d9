package lab.portal.guide;

import com.eclipsesource.json.JsonObject;
import lab.portal.content.LabContent;
import lab.portal.live.ServedModel;
import lab.portal.progress.LabProgress;
import lab.portal.progress.ProgressStore;
import lab.portal.progress.StoredRun;
import lab.portal.runtime.LabService;
import lab.portal.runtime.RuntimeChoice;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

import java.util.Arrays;
import java.util.Comparator;
import java.util.Map;

/** The lab page: the guide as steps, each experiment where the guide needs it, questions and checklist. */
@Controller
class LabPageController {
    private final LabContent lab;
    private final ProgressStore store;
    private final LabProgress progress;
    private final RuntimeChoice runtime;
    private final ServedModel model;

    LabPageController(LabContent lab, ProgressStore store, LabProgress progress, RuntimeChoice runtime, ServedModel model) {
        this.lab = lab;
        this.store = store;
        this.progress = progress;
        this.runtime = runtime;
        this.model = model;
    }

    @GetMapping("/")
    String lab(Model page) {
        page.addAttribute("lab", lab);
        Map<String, StoredRun> latest = store.latestRuns();
        Map<String, StoredRun> latestMeasured = store.latestMeasuredRuns();
        Map<String, String> answers = store.answers();
        page.addAttribute("page", LabPage.of(lab, latest, latestMeasured, answers, progress.checklist(latestMeasured, answers)));
        page.addAttribute("runtimeName", runtime.runtime().name());
        page.addAttribute("runtimeReason", runtime.reason());
        page.addAttribute("modelInfo", modelInfo(latest).toString());
        page.addAttribute("services", Arrays.stream(LabService.values()).map(LabService::id).toList());
        return "lab";
    }

    /** What ml-api serves now, or, until it has been ready since this start, what the latest run recorded. */
    private JsonObject modelInfo(Map<String, StoredRun> latest) {
        if (model.known()) return model.info();
        return latest.values().stream().filter(r -> r.model() != null && !r.model().startsWith("unknown"))
                .max(Comparator.comparingLong(StoredRun::id))
                .map(r -> new JsonObject().add("model", r.model()).add("fallback", false)
                        .add("note", "as recorded in run " + r.id() + " (" + r.finishedAt() + "); ml-api has not been ready since the portal started"))
                .orElse(model.info());
    }
}
