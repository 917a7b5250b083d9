package lab.portal.evidence;

/**
 * A figure an experiment produces: its name (what checks, references and questions in content/lab.yaml
 * name), its unit, and a label a learner reads. Experiments and the portal's panels refer to figures
 * through these declarations, never by a name typed again.
 */
public record Figure(String name, Unit unit, String label) {

    /**
     * A figure measured for each service, under the service's key ({@code ml.rss_steady_mb},
     * {@code traditional.rss_steady_mb}).
     */
    public record PerService(String suffix, Unit unit, String label) {
        /** The figure for the service with this key ({@code ml}, {@code traditional}), labelled with its name. */
        public Figure of(String serviceKey) {
            return of(serviceKey, serviceName(serviceKey));
        }

        /** The figure under a longer key ({@code ml.naive}), labelled with what that key means. */
        public Figure of(String key, String words) {
            return new Figure(key + "." + suffix, unit, words + ": " + label);
        }
    }

    public static PerService perService(String suffix, Unit unit, String label) {
        return new PerService(suffix, unit, label);
    }

    /** The service's name as the learner knows it, from the key its figures carry. */
    public static String serviceName(String serviceKey) {
        return switch (serviceKey) {
            case "ml" -> "ml-api";
            case "traditional" -> "traditional-api";
            default -> serviceKey;
        };
    }
}
