package lab.portal.content;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.json.JsonMapper;

/**
 * Binds content values (read from YAML, or a learner's changes) to the content's records and to each
 * experiment's parameter record: snake_case keys, no unknown key, no missing number. A value that does
 * not fit says where it is ({@code experiments[2].parameters.rate}) and what was wrong.
 */
final class Binder {
    /** For the content's own records, whose optional parts may be left out (their checks say what is missing). */
    private static final JsonMapper CONTENT = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .build();
    /** For an experiment's parameters: every one the record has must be given (null is a value: "the configured one"). */
    private static final JsonMapper PARAMETERS = CONTENT.rebuild()
            .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
            .build();

    /** A value that does not bind, with the path of the offending part below the bound value. */
    static final class Mismatch extends Exception {
        final String path;

        Mismatch(String path, String message) {
            super(message);
            this.path = path;
        }
    }

    private Binder() {
    }

    static <T> T bind(Object value, Class<T> type) throws Mismatch {
        return bind(CONTENT, value, type);
    }

    static <T> T bindParameters(Object value, Class<T> type) throws Mismatch {
        return bind(PARAMETERS, value, type);
    }

    private static <T> T bind(JsonMapper json, Object value, Class<T> type) throws Mismatch {
        try {
            return json.convertValue(value, type);
        } catch (JacksonException e) {
            throw new Mismatch(path(e), e.getOriginalMessage().replaceAll("\\s*\\(for [^)]*\\)", "").replaceAll("\\s+at \\[Source.*", "")
                    .replace("`", "'"));
        } catch (IllegalArgumentException e) { // convertValue wraps some mismatches
            Throwable cause = e.getCause() instanceof JacksonException j ? j : e;
            throw new Mismatch(cause instanceof JacksonException j ? path(j) : "", String.valueOf(cause.getMessage()));
        }
    }

    private static String path(JacksonException e) {
        StringBuilder p = new StringBuilder();
        for (JacksonException.Reference r : e.getPath()) {
            if (r.getPropertyName() != null) p.append(p.isEmpty() ? "" : ".").append(r.getPropertyName());
            else if (r.getIndex() >= 0) p.append('[').append(r.getIndex()).append(']');
        }
        return p.toString();
    }
}
