package lab.traditional.lexicon;

import lab.service.sentiment.Sentiment;
import org.junit.jupiter.api.Test;

import java.util.EnumSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Each rule has a sentence that the full analyser gets right only because of that rule: the same
 * sentence scored without the rule is shown to come out differently, so removing the rule fails here.
 */
class ValenceRuleTest {
    private static final Lexicon LEXICON = Lexicon.load();
    private static final LexiconSentimentModel FULL = new LexiconSentimentModel(LEXICON);

    private static double without(ValenceRule rule, String text) {
        Set<ValenceRule> rules = EnumSet.allOf(ValenceRule.class);
        rules.remove(rule);
        return new LexiconSentimentModel(LEXICON, rules).compound(text);
    }

    @Test
    void lexiconValencesDecideClearSentences() {
        assertEquals(Sentiment.POSITIVE, FULL.predict("The support team was helpful and friendly").sentiment());
        assertEquals(Sentiment.NEGATIVE, FULL.predict("The app is broken and the refund process is awful").sentiment());
        assertEquals(Sentiment.NEUTRAL, FULL.predict("The parcel arrived on Tuesday").sentiment());
    }

    @Test
    void negationFlipsWithinThreeWords() {
        String text = "The courier was not helpful";
        assertEquals(Sentiment.NEGATIVE, FULL.predict(text).sentiment());
        assertTrue(without(ValenceRule.NEGATION, text) > 0, "without the rule the sentence reads positive");
        assertEquals(Sentiment.NEGATIVE, FULL.predict("I don't really love this charger").sentiment());
        assertEquals(Sentiment.NEGATIVE, FULL.predict("the refund is n't great").sentiment(), "SST-2 style split n't");
        assertEquals(Sentiment.NEGATIVE, FULL.predict("The refund never arrived. Terrible.").sentiment(), "not across a full stop");
        // Outside the three-word window the negation no longer reaches the word.
        assertEquals(Sentiment.POSITIVE, FULL.predict("Not what I expected from the start, good").sentiment());
    }

    @Test
    void boostersStrengthenAndDampenersWeaken() {
        double plain = FULL.compound("The checkout is good");
        double boosted = FULL.compound("The checkout is extremely good");
        double dampened = FULL.compound("The checkout is slightly good");
        assertTrue(boosted > plain && plain > dampened, boosted + " > " + plain + " > " + dampened);
        assertEquals(plain, without(ValenceRule.BOOSTERS, "The checkout is extremely good"), 1e-9);
        assertTrue(FULL.compound("The app is very bad") < FULL.compound("The app is bad"));
    }

    @Test
    void butClauseLetsTheSecondHalfDominate() {
        String text = "The packaging is nice but the charger is bad";
        assertEquals(Sentiment.NEGATIVE, FULL.predict(text).sentiment());
        assertTrue(without(ValenceRule.BUT_CLAUSE, text) >= 0, "without the rule the halves cancel or lean positive");
        assertEquals(Sentiment.POSITIVE, FULL.predict("Shipping was bad but the product is good").sentiment());
    }

    @Test
    void allCapsEmphasisesOnlyWhenOtherWordsAreNotCaps() {
        String text = "The new update is GOOD";
        double caps = FULL.compound(text);
        assertTrue(caps > FULL.compound("The new update is good"));
        assertEquals(FULL.compound("The new update is good"), without(ValenceRule.CAPS_EMPHASIS, text), 1e-9);
        // A text written entirely in capitals is not emphasis: same as lower case.
        assertEquals(FULL.compound("the new update is good"), FULL.compound("THE NEW UPDATE IS GOOD"), 1e-9);
    }

    @Test
    void exclamationMarksAddEmphasisUpToFour() {
        double none = FULL.compound("Great service");
        double three = FULL.compound("Great service!!!");
        double four = FULL.compound("Great service!!!!");
        double nine = FULL.compound("Great service!!!!!!!!!");
        assertTrue(three > none && four > three, none + " < " + three + " < " + four);
        assertEquals(four, nine, 1e-9);
        assertEquals(none, without(ValenceRule.EXCLAMATION, "Great service!!!"), 1e-9);
        assertTrue(FULL.compound("Terrible service!!") < FULL.compound("Terrible service"));
    }

    @Test
    void compoundIsNormalisedAndThresholded() {
        String gushing = "love love love amazing wonderful fantastic excellent superb";
        double c = FULL.compound(gushing);
        assertTrue(c > 0.95 && c < 1, "many strong words approach but never reach 1: " + c);
        assertEquals(0.0, FULL.compound("the parcel is on the table"), 1e-9);
        var p = FULL.predict(gushing);
        assertTrue(p.confidence() > 0.9 && p.confidence() <= 1);
        assertEquals(p.score(), c, 1e-9);
    }

    @Test
    void emojiAndPhrasesCarryValence() {
        assertEquals(Sentiment.POSITIVE, FULL.predict("arrived today 😍").sentiment());
        assertEquals(Sentiment.NEGATIVE, FULL.predict("arrived today 😡").sentiment());
        assertEquals(Sentiment.NEGATIVE, FULL.predict("the scanner does not work").sentiment());
        assertEquals(Sentiment.POSITIVE, FULL.predict("thanks :)").sentiment());
    }

    @Test
    void oddInputNeverThrows() {
        for (String s : new String[]{"!!!", "😀😀😀", "a".repeat(5000), "don't", "'", "-", "\u0000\uFFFF", "n't n't n't good"}) {
            var p = FULL.predict(s);
            assertTrue(p.score() >= -1 && p.score() <= 1);
        }
    }
}
