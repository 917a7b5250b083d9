package lab.ml.model.offline;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ClauseFeaturesTest {
    @Test
    void theClauseAfterTheLastContrastWordIsKept() {
        assertEquals("support was great.", ClauseFeatures.finalClause("The box was damaged, but support was great."));
        assertEquals("it broke.", ClauseFeatures.finalClause("Nice, but pricey. However, it broke."));
        assertEquals("Buttery smooth checkout", ClauseFeatures.finalClause("Buttery smooth checkout"), "no whole-word match inside 'Buttery'");
        assertEquals("Great but", ClauseFeatures.finalClause("Great but"), "nothing after the contrast word: whole text");
    }
}
