package lab.portal.cleanup;

import lab.portal.activity.Stage;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The cleanup button: everything the lab started and created goes; the learner's progress only when asked. */
@RestController
class CleanupController {
    private final LabCleanup cleanup;

    CleanupController(LabCleanup cleanup) {
        this.cleanup = cleanup;
    }

    @PostMapping(path = "/api/cleanup", produces = MediaType.APPLICATION_JSON_VALUE)
    LabCleanup.Report clean(@RequestParam(name = "progress", defaultValue = "false") boolean progress) throws Stage.Busy {
        return cleanup.clean(progress);
    }
}
