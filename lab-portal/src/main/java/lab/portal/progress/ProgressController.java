package lab.portal.progress;

import lab.portal.content.LabContent;
import lab.portal.web.ApiError;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import java.nio.charset.StandardCharsets;

/** Answers (saved as typed), runs, the checklist, and the report's export and import. */
@RestController
class ProgressController {
    static final int MAX_ANSWER = 20_000;

    record Saved(String question, boolean saved, LabProgress.Standing standing) {
    }

    record Imported(int importedRuns, LabProgress.Standing standing) {
    }

    private final LabContent lab;
    private final LabProgress progress;
    private final JsonMapper json;

    ProgressController(LabContent lab, LabProgress progress, JsonMapper json) {
        this.lab = lab;
        this.progress = progress;
        this.json = json;
    }

    @PutMapping(path = "/api/answers/{questionId}", consumes = MediaType.TEXT_PLAIN_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
    Saved answer(@PathVariable String questionId, @RequestBody(required = false) String text) {
        if (lab.question(questionId) == null) throw ApiError.notFound("unknown_question", "no question '" + questionId + "'");
        String answer = text == null ? "" : text;
        if (answer.length() > MAX_ANSWER) {
            throw new ApiError(HttpStatus.PAYLOAD_TOO_LARGE, "answer_too_long", "an answer may have at most " + MAX_ANSWER
                    + " characters, got " + answer.length());
        }
        return new Saved(questionId, true, progress.answer(questionId, answer));
    }

    /** Guided mode's Skip: recorded as skipped, never counted as done. */
    @PostMapping(path = "/api/steps/{id}/skip", produces = MediaType.APPLICATION_JSON_VALUE)
    LabProgress.Standing skip(@PathVariable("id") String stepId) {
        if (!lab.guide().hasStep(stepId)) throw ApiError.notFound("unknown_step", "the guide has no step '" + stepId + "'");
        return progress.skip(stepId);
    }

    @GetMapping(path = "/api/checklist", produces = MediaType.APPLICATION_JSON_VALUE)
    LabProgress.Standing checklist() {
        return progress.standing();
    }

    @GetMapping(path = "/api/runs/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
    StoredRun run(@PathVariable long id) {
        return progress.run(id).orElseThrow(() -> ApiError.notFound("unknown_run", "no run " + id));
    }

    @GetMapping(path = "/report.json")
    ResponseEntity<LabReport> reportJson() {
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON)
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"inference-ops-lab-report.json\"").body(progress.report());
    }

    @GetMapping(path = "/report.md")
    ResponseEntity<String> reportMarkdown() {
        return ResponseEntity.ok().contentType(new MediaType("text", "markdown", StandardCharsets.UTF_8))
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"inference-ops-lab-report.md\"").body(progress.report().toMarkdown());
    }

    @PostMapping(path = "/api/report", consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
    Imported importReport(@RequestBody String body) {
        try {
            LabReport report = json.readValue(body, LabReport.class);
            int imported = progress.importReport(report);
            return new Imported(imported, progress.changed());
        } catch (JacksonException | IllegalArgumentException e) {
            throw new ApiError(HttpStatus.BAD_REQUEST, "invalid_report", "not a report this lab can import: " + e.getMessage());
        }
    }
}
