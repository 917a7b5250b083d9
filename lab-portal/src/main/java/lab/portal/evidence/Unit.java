package lab.portal.evidence;

import com.fasterxml.jackson.annotation.JsonValue;

/** What a measured number counts, as the page writes it after the number. */
public enum Unit {
    SECONDS("s"), MILLISECONDS("ms"), MEGABYTES("MB"), MEGABYTE_SECONDS("MB·s"), REQUESTS_PER_SECOND("req/s"),
    PERCENT("%"), PERCENT_OF_A_CORE("% of a core"), REQUESTS("requests"), REPLICAS("replicas"), HTTP_STATUS("HTTP status"),
    BYTES("bytes"), COUNT("");

    private final String symbol;

    Unit(String symbol) {
        this.symbol = symbol;
    }

    @JsonValue
    public String symbol() {
        return symbol;
    }
}
