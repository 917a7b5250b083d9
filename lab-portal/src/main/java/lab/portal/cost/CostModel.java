package lab.portal.cost;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;

/**
 * Turns measured resident memory into money: replicas × memory × price per GB-hour, over a day with
 * {@code spikeHours} of traffic that needs a second replica. Memory is the fixed per-replica cost the
 * lab measures; CPU is left out because an idle model costs memory, not CPU.
 *
 * @param pricePerGbHour what one GB of memory costs for an hour (a learner's own figure)
 */
public record CostModel(double pricePerGbHour) {

    /** The traffic pattern: hours a day when one replica is not enough. */
    public record Pattern(double spikeHoursPerDay) {
        public Pattern {
            if (spikeHoursPerDay < 0 || spikeHoursPerDay > 24) throw new IllegalArgumentException("spike hours must be 0..24");
        }
    }

    /** One way of running the service, with what it costs and how it behaves at a spike. */
    public record Scenario(String name, double gbHoursPerDay, double costPerDay,
                           @JsonProperty("cost_per_30_days") double costPer30Days, String atSpike) {
    }

    /**
     * @param mlRssMb             ml-api's measured steady RSS per replica
     * @param traditionalRssMb    traditional-api's measured steady RSS per replica
     * @param warmPool            standby replicas kept running all day
     * @param mlGapS              measured seconds from spike to a cold ml-api replica serving (NaN: not measured)
     * @param traditionalGapS     the same for traditional-api (NaN: not measured)
     */
    public List<Scenario> compare(double mlRssMb, double traditionalRssMb, int warmPool, double mlGapS, double traditionalGapS,
                                  Pattern pattern) {
        double ml = mlRssMb / 1024;
        double traditional = traditionalRssMb / 1024;
        double spike = pattern.spikeHoursPerDay();
        return List.of(
                scenario("ml-api, scale out on spike", ml * (24 + spike), coldStart(mlGapS)),
                scenario("ml-api, warm pool of " + warmPool, ml * 24 * (1 + warmPool),
                        "the standby serves at once; it is paid for all day"),
                scenario("traditional-api, scale out on spike", traditional * (24 + spike), coldStart(traditionalGapS)));
    }

    private static String coldStart(double gapS) {
        return Double.isNaN(gapS) ? "cold-start gap not measured yet: run Experiment 5"
                : String.format("the extra replica serves after ~%.1f s of cold start", gapS);
    }

    private Scenario scenario(String name, double gbHours, String atSpike) {
        double perDay = gbHours * pricePerGbHour;
        return new Scenario(name, gbHours, perDay, perDay * 30, atSpike);
    }
}
