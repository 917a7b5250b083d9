package lab.process.load;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What callers waited: a request given up at its deadline counts as the deadline, so losing the slowest cannot look fast. */
class LoadResultTest {
    private static LoadResult answersOneToHundredMs(long failed) {
        Histogram h = new Histogram(3_600_000_000L, 3);
        for (int ms = 1; ms <= 100; ms++) h.recordValue(ms * 1000L);
        return new LoadResult(10, 10, 100 + failed, 100, failed == 0 ? Map.of() : Map.of("deadline", failed), h, List.of());
    }

    @Test
    void withNothingLostItIsThePercentileOfTheAnswers() {
        LoadResult r = answersOneToHundredMs(0);
        assertEquals(r.percentileMs(99), r.waitedPercentileMs(99, 250), 0.5);
        assertEquals(50, r.waitedPercentileMs(50, 250), 0.5);
    }

    @Test
    void requestsGivenUpCountAsTheDeadline() {
        LoadResult r = answersOneToHundredMs(10); // 110 requests: the slowest 10 never answered
        assertEquals(250, r.waitedPercentileMs(99, 250), 1e-9, "the 109th wait of 110 is a given-up one");
        assertTrue(r.percentileMs(99) < 100, "the answers alone hide them: " + r.percentileMs(99));
        assertEquals(55, r.waitedPercentileMs(50, 250), 0.5, "the 55th wait is still an answer");
    }

    @Test
    void withOnlyFailuresItIsTheDeadline() {
        LoadResult r = new LoadResult(10, 0, 5, 0, Map.of("refused", 5L), new Histogram(3_600_000_000L, 3), List.of());
        assertEquals(250, r.waitedPercentileMs(99, 250), 1e-9);
    }

    @Test
    void answersLaterThanAnObjectiveAreCountedAndFailuresAreNot() {
        LoadResult r = answersOneToHundredMs(10);
        assertEquals(20, r.answeredLaterThan(80), "81 ms to 100 ms");
        assertEquals(0, r.answeredLaterThan(100), "the slowest answer took exactly 100 ms");
        assertEquals(100, r.answeredLaterThan(0.5));
        assertEquals(0, new LoadResult(10, 0, 5, 0, Map.of("refused", 5L), new Histogram(3_600_000_000L, 3), List.of()).answeredLaterThan(1));
    }
}
