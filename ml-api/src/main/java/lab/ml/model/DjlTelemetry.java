package lab.ml.model;

/**
 * DJL "calls home" from the first engine it loads: EC2's metadata service at 169.254.169.254, then a
 * telemetry URL, synchronously, with a second's timeout per call. The lab connects to the model
 * repository it is given and to nothing else, so every entry point that loads an engine opts out first;
 * an OPT_OUT_TRACKING set in the environment (DJL reads that before the system property) still decides.
 */
public final class DjlTelemetry {
    private static final String OPT_OUT = "OPT_OUT_TRACKING";

    private DjlTelemetry() {
    }

    public static void optOut() {
        if (System.getProperty(OPT_OUT) == null) System.setProperty(OPT_OUT, "true");
    }
}
