package lab.portal.classroom;

import java.time.Instant;
import java.util.List;

/**
 * What the instructor sees (the class page, {@code GET /api/class}): every learner with their machine,
 * the spread of every figure the class measured, where learners stall, and the outliers the content's
 * rules explain. Built from the stored reports, judged again each time ({@link ClassViews}).
 */
public record ClassView(String name, Instant generatedAt, List<Learner> learners, List<FigureSpread> figures, List<StepStall> steps,
                        List<Explained> outliers) {

    /** Where a learner's figures were measured: they mean little without it. */
    public record Machine(String runtime, int cores, double memoryGib, String model, String java) {
    }

    /** A learner's latest report: checks as judged here, steps done as their report says and their runs bear out. */
    public record Learner(String name, Instant receivedAt, Machine machine, int runs, int checksPassed, int checksFailed, int stepsDone,
                          int stepsTotal) {
    }

    /** One learner's value of a figure; {@code perCore} where the figure grows with cores. */
    public record Point(String learner, double value, Double perCore, int cores, double memoryGib, String runtime) {
    }

    /** The points of one kind of run and their median (per core too, where it applies); null medians with no points. */
    public record Group(List<Point> points, Double median, Double medianPerCore) {
    }

    /**
     * A figure across the class. Runs with the content's parameters compare with each other
     * ({@code defaults}); runs whose learner changed a parameter are kept apart ({@code changed}).
     */
    public record FigureSpread(String experiment, String figure, String label, String unit, boolean perCore, Group defaults, Group changed) {
    }

    /**
     * A step across the class: done, skipped, stuck (not done, and a check of the step's experiment failed
     * when judged here), and not reached yet; the check that fails most often there, with its message.
     */
    public record StepStall(String step, String title, int done, int skipped, int stuck, int notYet, CommonFailure commonFailure) {
    }

    public record CommonFailure(String check, int learners, String message) {
    }

    /** A learner's figure far from the class median (both per core where the figure grows with cores), with the content's explanation. */
    public record Explained(String learner, String rule, String experiment, String figure, double value, double median, boolean perCore,
                            String explanation) {
    }
}
