package lab.portal.tutorial;

import lab.portal.progress.BlockRun;
import lab.portal.progress.BlockRunStore;
import lab.portal.stage.Stage;
import lab.portal.web.ApiError;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

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

    private final BlockRunner runner;
    private final BlockRunStore store;

    BlockController(BlockRunner runner, BlockRunStore store) {
        this.runner = runner;
        this.store = store;
    }

    @PostMapping("/{id}/runs")
    ResponseEntity<Started> run(@PathVariable String id) {
        try {
            return ResponseEntity.status(HttpStatus.ACCEPTED).body(new Started(runner.start(id), id));
        } catch (BlockRunner.UnknownBlock unknown) {
            throw ApiError.notFound("unknown_block", unknown.getMessage());
        } catch (Stage.Busy busy) {
            throw ApiError.conflict("busy", busy.getMessage());
        }
    }

    @PostMapping("/cancel")
    ResponseEntity<Cancelling> cancel() {
        if (!runner.cancel()) throw ApiError.conflict("nothing_running", "no block is running");
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(new Cancelling(true));
    }

    @GetMapping("/{id}/runs/latest")
    BlockRun latest(@PathVariable String id) {
        BlockRun r = store.latest().get(id);
        if (r == null) throw ApiError.notFound("not_run", "block '" + id + "' has not run yet");
        return r;
    }
}
