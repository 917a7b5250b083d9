package lab.portal.settings;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * The portal cannot start as configured (no content where it looks, content that does not hold
 * together, a forced runtime that cannot be used): said in the learner's terms, without a stack trace.
 */
public class SetupProblem extends RuntimeException {
    public SetupProblem(String message, Throwable cause) {
        super(message, cause);
    }

    /** Turns the problem into Boot's short "APPLICATION FAILED TO START" report. */
    static class Report extends AbstractFailureAnalyzer<SetupProblem> {
        @Override
        protected FailureAnalysis analyze(Throwable root, SetupProblem problem) {
            return new FailureAnalysis(problem.getMessage(), "Fix the setting above and start the portal again "
                    + "(settings: --lab.repo, --lab.content, --lab.runtime, --lab.docker-host, --lab.allowed-hosts; see README).", problem);
        }
    }
}
