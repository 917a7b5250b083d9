package lab.portal.guide;

import lab.portal.evidence.Evidence;
import lab.portal.progress.StoredRun;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Reflection questions quote the learner's own figures, and say so when there are none yet. */
class LabPageTest {

    @Test
    void questionsQuoteTheLatestRunsFigures() {
        String text = "Your ml-api became ready {ml.ready_s.median} s after it started.";
        StoredRun run = new StoredRun(1, "startup", Instant.now(), Instant.now(), StoredRun.Status.PASSED, "local processes", null, null,
                Evidence.builder().figure("ml.ready_s.median", 2.345).build(), List.of(), null);
        assertThat(LabPage.fill(text, run)).isEqualTo("Your ml-api became ready 2.35 s after it started.");
        assertThat(LabPage.fill(text, null)).isEqualTo("Your ml-api became ready [run the experiment to see your figure] s after it started.");
    }
}
