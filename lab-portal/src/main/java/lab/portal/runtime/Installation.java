package lab.portal.runtime;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A short, stable id for one installation of the portal (its data directory): its containers carry it,
 * so the next start finds what a crashed portal left, and two portals on one engine never touch each
 * other's containers.
 */
public final class Installation {
    private Installation() {
    }

    public static String of(Path dataDir) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(dataDir.toAbsolutePath().normalize().toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest).substring(0, 10);
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
