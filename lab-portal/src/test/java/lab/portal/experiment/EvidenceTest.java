package lab.portal.experiment;

import com.eclipsesource.json.Json;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Evidence survives the store (JSON) as measured, "not measured" included; parameters say what is wrong. */
class EvidenceTest {

    @Test
    void roundTripsThroughJsonWithUnmeasuredFiguresAsNull() {
        Evidence e = Evidence.builder().figure("ml.saturation_rps", Double.NaN).figure("ml.p99_ms", 412.5)
                .series("ml.steps", List.of(new double[]{20, 31.5, 0}, new double[]{40, Double.NaN, 12.5})).build();
        String json = e.toJson().toString();
        assertTrue(json.contains("\"ml.saturation_rps\":null"), json);
        Evidence back = Evidence.fromJson(Json.parse(json).asObject());
        assertTrue(back.figures().get("ml.saturation_rps").isNaN());
        assertEquals(412.5, back.figures().get("ml.p99_ms"));
        assertArrayEquals(new double[]{20, 31.5, 0}, back.series().get("ml.steps").get(0));
        assertTrue(Double.isNaN(back.series().get("ml.steps").get(1)[1]));
    }

    @Test
    void mergingKeepsBothRunsFigures() {
        Evidence naive = Evidence.builder().figure("ml.naive.gap_s", 2.7).build();
        Evidence warm = Evidence.builder().figure("ml.warm.gap_s", 0.1).build();
        assertEquals(Map.of("ml.naive.gap_s", 2.7, "ml.warm.gap_s", 0.1), naive.merge(warm).figures());
    }

    @Test
    void parametersOfTheWrongTypeAreNamed() {
        Parameters p = new Parameters(Map.of("rate", "fast", "rates", List.of(10, 20.5)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> p.number("rate", 1));
        assertTrue(e.getMessage().contains("rate") && e.getMessage().contains("fast"), e.getMessage());
        assertEquals(List.of(10.0, 20.5), p.numbers("rates", List.of()));
        assertEquals(7, p.integer("missing", 7));
    }
}
