package lab.portal.tutorial;

import lab.portal.activity.Stage;
import lab.portal.progress.BlockRun;
import lab.portal.web.ApiError;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;
import java.util.Map;

/**
 * Run and cancel the guide's blocks by id. The request names a block; its text is the guide's, never the
 * request's. Output then arrives over /live.
 */
@RestController
@RequestMapping(path = "/api/blocks", produces = MediaType.APPLICATION_JSON_VALUE)
class BlockController {
    record Started(long runId, String block) {
    }

    record Cancelling(boolean cancelled) {
    }

    private final GuideBlocks blocks;

    BlockController(GuideBlocks blocks) {
        this.blocks = blocks;
    }

    @PostMapping("/{id}/runs")
    ResponseEntity<Started> run(@PathVariable String id) throws Stage.Busy {
        try {
            return ResponseEntity.status(HttpStatus.ACCEPTED).body(new Started(blocks.start(id), id));
        } catch (GuideBlocks.UnknownBlock unknown) {
            throw ApiError.notFound("unknown_block", unknown.getMessage());
        } catch (GuideBlocks.CannotRunHere cannot) {
            throw ApiError.conflict("cannot_run_here", cannot.getMessage());
        }
    }

    @PostMapping("/cancel")
    ResponseEntity<Cancelling> cancel() {
        if (!blocks.cancel()) throw ApiError.conflict("nothing_running", "no block is running");
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(new Cancelling(true));
    }

    /** The blocks that cannot run where this portal runs, with what each needs and lacks. */
    @GetMapping("/unrunnable")
    Map<String, List<String>> unrunnable() {
        return blocks.unrunnable();
    }

    @GetMapping("/{id}/runs/latest")
    BlockRun latest(@PathVariable String id) {
        return blocks.latest(id).orElseThrow(() -> ApiError.notFound("not_run", "block '" + id + "' has not run yet"));
    }
}
