package lab.service.ops;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** The services' OpenAPI 3 description (lab/service/openapi.yaml), read once, served at GET /openapi.yaml. */
public final class ApiDescription {
    private static final String RESOURCE = "/lab/service/openapi.yaml";

    private ApiDescription() {
    }

    private static final class Holder {
        static final byte[] YAML = read();
    }

    public static byte[] yaml() {
        return Holder.YAML;
    }

    private static byte[] read() {
        try (InputStream in = ApiDescription.class.getResourceAsStream(RESOURCE)) {
            if (in == null) throw new IllegalStateException(RESOURCE + " is missing from the jar");
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
