package lab.service;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;

/**
 * Run once at build time under -XX:AOTCacheOutput, by a service started with LAB_CDS_TRAINING set: sends
 * each kind of request so that the classes they need land in the ahead-of-time cache (JDK 25, JEP 483/514),
 * which the JVM then maps at every start instead of loading and linking them again.
 */
public final class ClassDataTraining {
    private ClassDataTraining() {
    }

    /** Whether this start is the build's training run. */
    public static boolean requested() {
        return System.getenv("LAB_CDS_TRAINING") != null;
    }

    public static void exercise(int port) throws IOException {
        String base = "http://127.0.0.1:" + port;
        // Not /metrics: its first scrape sets up the JVM instrumentation, and classes in the cache are
        // mapped at every start, so a service nobody scrapes would pay their memory anyway.
        for (String path : new String[]{"/health", "/ready", "/v2/health/live", "/v2/health/ready", "/info", "/nope"}) {
            call("GET", base + path, null);
        }
        call("POST", base + "/analyze", "{\"text\":\"The delivery was NOT great, but support was very helpful!\"}");
        call("POST", base + "/analyze/batch", "{\"texts\":[\"good\",\"bad 😡\"]}");
        call("POST", base + "/analyze", "{\"text\":42}");
        call("POST", base + "/analyze", "{broken");
    }

    private static void call(String method, String url, String body) throws IOException {
        HttpURLConnection c = (HttpURLConnection) new URL(url).openConnection();
        c.setRequestMethod(method);
        if (body != null) {
            c.setDoOutput(true);
            c.setRequestProperty("Content-Type", "application/json");
            try (OutputStream out = c.getOutputStream()) {
                out.write(body.getBytes(StandardCharsets.UTF_8));
            }
        }
        InputStream in = c.getResponseCode() >= 400 ? c.getErrorStream() : c.getInputStream();
        if (in != null) {
            in.readAllBytes();
            in.close();
        }
    }
}
