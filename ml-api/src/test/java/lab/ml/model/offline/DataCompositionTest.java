package lab.ml.model.offline;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The committed labelled data is exactly what the project's composer writes: nothing edited by hand. */
class DataCompositionTest {
    @Test
    void composingAgainGivesTheCommittedFiles() throws Exception {
        Path data = EncoderFixture.dataDir();
        Path out = Files.createTempDirectory("composed");
        Process p = new ProcessBuilder("/usr/bin/python3", data.resolve("compose.py").toString(), out.toString())
                .redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(2, TimeUnit.MINUTES));
        assertEquals(0, p.exitValue(), log);
        for (String split : new String[]{"train.tsv", "validation.tsv", "test.tsv"}) {
            assertArrayEquals(Files.readAllBytes(data.resolve(split)), Files.readAllBytes(out.resolve(split)), split);
        }
        FeedbackData train = FeedbackData.read(data.resolve("train.tsv"));
        long positive = java.util.Arrays.stream(train.labels()).filter(l -> l == 1).count();
        assertEquals(train.labels().length / 2, positive, "balanced labels");
    }
}
