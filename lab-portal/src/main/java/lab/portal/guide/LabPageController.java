package lab.portal.guide;

import lab.portal.content.LabContent;
import lab.portal.live.ServedModel;
import lab.portal.progress.LabProgress;
import lab.portal.progress.ProgressStore;
import lab.portal.runtime.LabService;
import lab.portal.runtime.RuntimeChoice;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

import java.util.Arrays;

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
        page.addAttribute("page", LabPage.of(lab, store.latestRuns(), store.latestMeasuredRuns(), store.answers(), progress.checklist()));
        page.addAttribute("runtimeName", runtime.runtime().name());
        page.addAttribute("runtimeReason", runtime.reason());
        page.addAttribute("modelInfo", model.info().toString());
        page.addAttribute("services", Arrays.stream(LabService.values()).map(LabService::id).toList());
        return "lab";
    }
}
