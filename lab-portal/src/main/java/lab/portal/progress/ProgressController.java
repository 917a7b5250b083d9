package lab.portal.progress;

import com.eclipsesource.json.JsonArray;
import com.eclipsesource.json.JsonObject;
import lab.portal.content.LabContent;
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

import static lab.portal.guide.JsonAnswers.error;
import static lab.portal.guide.JsonAnswers.json;

/** Answers (saved as typed), the checklist, and the report's export and import. */
@RestController
class ProgressController {
    private static final int MAX_ANSWER = 20_000;

    private final LabContent lab;
    private final ProgressStore store;
    private final LabProgress progress;

    ProgressController(LabContent lab, ProgressStore store, LabProgress progress) {
        this.lab = lab;
        this.store = store;
        this.progress = progress;
    }

    @PutMapping(path = "/api/answers/{questionId}", consumes = MediaType.TEXT_PLAIN_VALUE)
    ResponseEntity<String> answer(@PathVariable String questionId, @RequestBody(required = false) String text) {
        if (lab.question(questionId) == null) return error(HttpStatus.NOT_FOUND, "unknown_question", "no question '" + questionId + "'");
        String answer = text == null ? "" : text;
        if (answer.length() > MAX_ANSWER) {
            return error(HttpStatus.PAYLOAD_TOO_LARGE, "answer_too_long", "an answer may have at most " + MAX_ANSWER + " characters, got " + answer.length());
        }
        store.saveAnswer(questionId, answer);
        return json(HttpStatus.OK, new JsonObject().add("question", questionId).add("saved", true).add("checklist", checklistJson()));
    }

    @GetMapping(path = "/api/checklist", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<String> checklist() {
        return json(HttpStatus.OK, new JsonObject().add("checklist", checklistJson()));
    }

    @GetMapping(path = "/report.json")
    ResponseEntity<String> reportJson() {
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON)
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"inference-ops-lab-report.json\"").body(progress.report().toJson());
    }

    @GetMapping(path = "/report.md")
    ResponseEntity<String> reportMarkdown() {
        return ResponseEntity.ok().contentType(new MediaType("text", "markdown", java.nio.charset.StandardCharsets.UTF_8))
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"inference-ops-lab-report.md\"").body(progress.report().toMarkdown());
    }

    @PostMapping(path = "/api/report", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<String> importReport(@RequestBody String json) {
        try {
            int runs = progress.importReport(LabReport.fromJson(json));
            return json(HttpStatus.OK, new JsonObject().add("imported_runs", runs).add("checklist", checklistJson()));
        } catch (RuntimeException e) {
            return error(HttpStatus.BAD_REQUEST, "invalid_report", "not a report this lab can import: " + e.getMessage());
        }
    }

    private JsonArray checklistJson() {
        JsonArray ticks = new JsonArray();
        progress.checklist().forEach(t -> ticks.add(t.toJson()));
        return ticks;
    }
}
