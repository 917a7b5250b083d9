package lab.portal.progress;

/** The learner's standing changed (a run or block ended, an answer was saved, a report came in); open pages redraw. */
public record StandingChanged(LabProgress.Standing standing) {
}
