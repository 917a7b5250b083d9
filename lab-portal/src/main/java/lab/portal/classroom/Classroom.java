package lab.portal.classroom;

import lab.portal.content.LabContent;
import lab.portal.experiment.ExperimentCatalog;
import lab.portal.live.LiveEvent;
import lab.portal.progress.LabReport;
import lab.portal.progress.ReportJudge;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A class portal's reports: each judged again on arrival (and whenever it is shown), kept as the learner's
 * latest, and set beside the others in the class view. Every open page hears when one arrives.
 */
@Service
public class Classroom {
    static final int MAX_NAME = 80;

    /** What the learner hears back: their report as the class judged it. */
    public record Receipt(String learner, Instant receivedAt, int runs, int checksPassed, int checksFailed, int learnersInClass) {
    }

    private final ClassSettings settings;
    private final ClassReportStore store;
    private final ReportJudge judge;
    private final ClassViews views;
    private final JsonMapper json;
    private final ApplicationEventPublisher events;

    public Classroom(ClassSettings settings, ClassReportStore store, ReportJudge judge, LabContent lab, ExperimentCatalog catalog, JsonMapper json,
              ApplicationEventPublisher events) {
        this.settings = settings;
        this.store = store;
        this.judge = judge;
        this.views = new ClassViews(lab, catalog.schemas());
        this.json = json;
        this.events = events;
    }

    public ClassSettings settings() {
        return settings;
    }

    /** Takes a learner's report, or refuses it with the reason ({@link IllegalArgumentException}). */
    public Receipt receive(String learner, String body) {
        String name = learner == null ? "" : learner.strip();
        if (name.isEmpty() || name.length() > MAX_NAME || name.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("say who you are: a display name of 1 to " + MAX_NAME + " characters (?name=...), nothing else personal");
        }
        LabReport report;
        try {
            report = json.readValue(body, LabReport.class);
        } catch (JacksonException e) {
            throw new IllegalArgumentException("not a lab report (the JSON of /report.json): " + e.getOriginalMessage());
        }
        List<ReportJudge.JudgedRun> runs = judge.judge(report);
        Instant now = Instant.now();
        store.save(name, now, body);
        int learners = store.count();
        events.publishEvent(new LiveEvent.ClassChanged(learners));
        ClassView.Learner judged = views.learner(new ClassViews.Received(name, now, report, runs));
        return new Receipt(name, now, runs.size(), judged.checksPassed(), judged.checksFailed(), learners);
    }

    public ClassView view() {
        List<ClassViews.Received> reports = new ArrayList<>();
        for (ClassReportStore.Stored s : store.all()) {
            try {
                LabReport report = json.readValue(s.reportJson(), LabReport.class);
                reports.add(new ClassViews.Received(s.learner(), s.receivedAt(), report, judge.judge(report)));
            } catch (JacksonException | IllegalArgumentException stale) {
                // Taken when it arrived; the content changed since (an experiment gone): left out, not a failed page.
            }
        }
        return views.view(settings.name(), reports);
    }

    /** Every learner's every figure, a row each: what a spreadsheet wants. */
    public String csv() {
        StringBuilder out = new StringBuilder("learner,received_at,runtime,cores,memory_gib,model,experiment,figure,unit,value,per_core,default_parameters\n");
        ClassView v = view();
        java.util.Map<String, ClassView.Learner> learners = new java.util.HashMap<>();
        v.learners().forEach(l -> learners.put(l.name(), l));
        for (ClassView.FigureSpread f : v.figures()) {
            for (boolean defaults : new boolean[]{true, false}) {
                for (ClassView.Point p : (defaults ? f.defaults() : f.changed()).points()) {
                    ClassView.Learner l = learners.get(p.learner());
                    out.append(String.join(",", cell(p.learner()), cell(String.valueOf(l.receivedAt())), cell(l.machine().runtime()),
                            Integer.toString(p.cores()), Double.toString(p.memoryGib()), cell(l.machine().model()), cell(f.experiment()),
                            cell(f.figure()), cell(f.unit()), Double.toString(p.value()), p.perCore() == null ? "" : Double.toString(p.perCore()),
                            Boolean.toString(defaults))).append('\n');
                }
            }
        }
        return out.toString();
    }

    /** RFC 4180 quoting; a leading =, +, - or @ is quoted away so that a spreadsheet never runs a learner's name as a formula. */
    static String cell(String s) {
        if (s == null) return "";
        String v = !s.isEmpty() && "=+-@".indexOf(s.charAt(0)) >= 0 ? "'" + s : s;
        return v.matches("[^,\"\\r\\n]*") ? v : "\"" + v.replace("\"", "\"\"") + "\"";
    }
}
