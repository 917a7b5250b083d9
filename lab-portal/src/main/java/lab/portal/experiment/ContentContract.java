package lab.portal.experiment;

import lab.portal.content.ContentProblem;
import lab.portal.content.LabContent;
import lab.portal.settings.SetupProblem;
import org.springframework.stereotype.Component;

import java.util.List;

/**
 * At start, content/lab.yaml is checked against what the experiments' code declares: a check, reference
 * or question naming a figure no experiment produces, or parameters an experiment cannot read, stop the
 * portal with the lines to fix, before a learner meets a check that can never be judged.
 */
@Component
class ContentContract {
    ContentContract(LabContent content, ExperimentCatalog catalog) {
        List<ContentProblem> problems = catalog.problems(content);
        if (!problems.isEmpty()) {
            LabContent.InvalidContent invalid = content.invalid(problems);
            throw new SetupProblem(invalid.getMessage(), invalid);
        }
    }
}
