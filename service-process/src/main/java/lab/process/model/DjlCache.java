package lab.process.model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.stream.Stream;

/** A model cache as DJL leaves it, made older for tests and benchmarks of what ml-api does with an old copy. */
public final class DjlCache {
    private DjlCache() {
    }

    /**
     * Makes every file, and DJL's own record of its last check with the repository (metadata.json's
     * lastUpdated, which DJL trusts for a day), {@code days} old.
     */
    public static void age(Path cache, int days) throws IOException {
        Instant then = Instant.now().minus(days, ChronoUnit.DAYS).truncatedTo(ChronoUnit.MILLIS); // DJL reads milliseconds
        try (Stream<Path> files = Files.walk(cache)) {
            for (Path p : files.toList()) {
                if (p.getFileName().toString().equals("metadata.json")) {
                    Files.writeString(p, Files.readString(p).replaceFirst("\"lastUpdated\": \"[^\"]+\"", "\"lastUpdated\": \"" + then + "\""));
                }
                Files.setLastModifiedTime(p, FileTime.from(then));
            }
        }
    }
}
