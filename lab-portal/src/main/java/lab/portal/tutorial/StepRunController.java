package lab.portal.tutorial;

import lab.portal.activity.Stage;
import lab.portal.web.ApiError;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/** Run this step: the request names a step; the blocks and their text are the guide's. Progress arrives over /live. */
@RestController
class StepRunController {
    record Started(long runId, String step) {
    }

    private final GuideBlocks blocks;

    StepRunController(GuideBlocks blocks) {
        this.blocks = blocks;
    }

    @PostMapping(path = "/api/steps/{id}/runs", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Started> run(@PathVariable String id) throws Stage.Busy {
        try {
            return ResponseEntity.status(HttpStatus.ACCEPTED).body(new Started(blocks.startStep(id), id));
        } catch (GuideBlocks.UnknownBlock unknown) {
            throw ApiError.notFound("unknown_step", unknown.getMessage());
        } catch (GuideBlocks.CannotRunHere cannot) {
            throw ApiError.conflict("cannot_run_here", cannot.getMessage());
        }
    }
}
