package lab.portal.evidence;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Evidence survives the store (JSON) as measured, "not measured" included; series are read by column name. */
class EvidenceTest {
    private final JsonMapper json = JsonMapper.builder().build();

    @Test
    void roundTripsThroughJsonWithUnmeasuredValuesAsNull() {
        Series steps = new Series(List.of("rate", "p99_ms", "error_pct"), List.of(Series.row(20, 31.5, 0), Series.row(40, Double.NaN, 12.5)));
        Evidence e = Evidence.builder().figure("ml.saturation_rps", Double.NaN).figure("ml.p99_ms", 412.5).series("ml.steps", steps)
                .note("the nginx leg was skipped").build();
        String text = json.writeValueAsString(e);
        assertThat(text).contains("\"ml.saturation_rps\":null", "\"columns\":[\"rate\",\"p99_ms\",\"error_pct\"]");
        Evidence back = json.readValue(text, Evidence.class);
        assertThat(back).isEqualTo(e);
        assertThat(back.figure("ml.saturation_rps")).as("not measured stays not measured").isNull();
        assertThat(back.series().get("ml.steps").column("p99_ms")).containsExactly(31.5, null);
        assertThat(back.notes()).containsExactly("the nginx leg was skipped");
    }

    @Test
    void aRowMustFitTheColumns() {
        assertThatThrownBy(() -> new Series(List.of("t_s", "replicas"), List.of(Series.row(1, 2, 3))))
                .hasMessageContaining("[t_s, replicas]");
        assertThatThrownBy(() -> Series.of(List.of("t_s")).column("p99_ms")).hasMessageContaining("no column 'p99_ms'");
    }

    @Test
    void addingKeepsBothPartsFigures() {
        Evidence naive = Evidence.builder().figure("ml.naive.gap_s", 2.7).build();
        Evidence warm = Evidence.builder().figure("ml.warm.gap_s", 0.1).build();
        assertThat(Evidence.builder().add(naive).add(warm).build().figures()).containsEntry("ml.naive.gap_s", 2.7).containsEntry("ml.warm.gap_s", 0.1);
    }
}
