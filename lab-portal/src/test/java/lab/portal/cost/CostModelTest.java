package lab.portal.cost;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CostModelTest {
    @Test
    void memoryTimesReplicasTimesHoursTimesPrice() {
        // 512 MB ML replica, 64 MB traditional, 2 spike hours a day, one warm standby, 0.01 per GB-hour.
        List<CostModel.Scenario> s = new CostModel(0.01).compare(512, 64, 1, 3.0, Double.NaN, new CostModel.Pattern(2));
        assertEquals(0.5 * 26, s.get(0).gbHoursPerDay(), 1e-9, "one replica all day, a second for the spike hours");
        assertEquals(0.5 * 24 * 2, s.get(1).gbHoursPerDay(), 1e-9, "two replicas all day");
        assertEquals(0.0625 * 26, s.get(2).gbHoursPerDay(), 1e-9);
        assertEquals(s.get(1).costPerDay() * 30, s.get(1).costPer30Days(), 1e-9);
        assertTrue(s.get(1).costPerDay() > s.get(0).costPerDay() && s.get(0).costPerDay() > s.get(2).costPerDay());
        assertTrue(s.get(0).atSpike().contains("3.0 s"), s.get(0).atSpike());
        assertTrue(s.get(2).atSpike().contains("not measured"), "nothing typed in where nothing was measured: " + s.get(2).atSpike());
    }

    @Test
    void aDayHasTwentyFourHours() {
        assertThrows(IllegalArgumentException.class, () -> new CostModel.Pattern(25));
    }
}
