package lab.portal.runtime;

/** The two services the lab compares, with the port their first replica listens on. */
public enum LabService {
    TRADITIONAL("traditional-api", 8001),
    ML("ml-api", 8002);

    private final String id;
    private final int basePort;

    LabService(String id, int basePort) {
        this.id = id;
        this.basePort = basePort;
    }

    /** The module and jar name: {@code traditional-api}, {@code ml-api}. */
    public String id() {
        return id;
    }

    public int basePort() {
        return basePort;
    }

    /** The prefix of this service's figures and series: {@code traditional} or {@code ml}. */
    public String key() {
        return this == ML ? "ml" : "traditional";
    }
}
