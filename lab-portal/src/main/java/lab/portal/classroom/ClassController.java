package lab.portal.classroom;

import lab.portal.web.ApiError;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;

import java.nio.charset.StandardCharsets;

/**
 * Both sides of a class: the class portal's endpoint for reports (the one a room reaches, with the class
 * code), its page, JSON and CSV (loopback only, see {@code ClassEndpointFilter}); and the learner's
 * "Send to my class".
 */
@Controller
class ClassController {
    private final Classroom classroom;
    private final ClassSender sender;

    ClassController(Classroom classroom, ClassSender sender) {
        this.classroom = classroom;
        this.sender = sender;
    }

    @PostMapping(path = ClassSettings.REPORTS, produces = MediaType.APPLICATION_JSON_VALUE)
    @ResponseBody
    Classroom.Receipt report(@RequestHeader(name = "X-Class-Code", required = false) String code, @RequestParam(required = false) String name,
                             @RequestBody(required = false) String body) {
        ClassSettings settings = classPortal();
        if (!settings.accepts(code)) {
            throw new ApiError(HttpStatus.UNAUTHORIZED, "wrong_class_code", code == null || code.isBlank()
                    ? "send the class code in the header X-Class-Code" : "that is not this class's code: ask your instructor for it");
        }
        try {
            return classroom.receive(name, body == null ? "" : body);
        } catch (IllegalArgumentException e) {
            throw new ApiError(HttpStatus.BAD_REQUEST, "invalid_report", e.getMessage());
        }
    }

    @GetMapping(path = "/api/class", produces = MediaType.APPLICATION_JSON_VALUE)
    @ResponseBody
    ClassView view() {
        classPortal();
        return classroom.view();
    }

    @GetMapping(path = "/api/class.csv")
    ResponseEntity<String> csv() {
        classPortal();
        return ResponseEntity.ok().contentType(new MediaType("text", "csv", StandardCharsets.UTF_8))
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"class.csv\"").body(classroom.csv());
    }

    @GetMapping("/class")
    String page(Model model) {
        ClassSettings settings = classPortal();
        model.addAttribute("className", settings.name());
        model.addAttribute("classAddress", settings.address() + ":" + settings.port());
        return "class";
    }

    /** The learner's side: this portal's report, sent to the class portal at {@code url}. */
    @PostMapping(path = "/api/class/send", consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
    @ResponseBody
    ClassSender.Sent send(@RequestBody ClassSender.Destination to) {
        return sender.send(to);
    }

    private ClassSettings classPortal() {
        ClassSettings settings = classroom.settings();
        if (!settings.enabled()) {
            throw ApiError.notFound("not_a_class_portal", "this portal collects no class's reports: an instructor starts one with "
                    + "--lab.class.name=<name> --lab.class.code=<code>");
        }
        return settings;
    }
}
