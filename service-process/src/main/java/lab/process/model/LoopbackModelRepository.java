package lab.process.model;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * A model repository in DJL's layout on 127.0.0.1: a stand-in for DJL's model zoo host where that cannot
 * be reached (no network, or a test). It serves DistilBERT-SST-2's coordinates with whatever artifact
 * directory it is given inside (DJL's converter layout: {@code <artifact>.pt}, tokenizer.json,
 * config.json, serving.properties), zipped, at the paths DJL's Hugging Face zoo asks for:
 * <ul>
 *   <li>the index: {@code model/nlp/text_classification/ai/djl/huggingface/pytorch/models.json.gz}</li>
 *   <li>the metadata: {@code .../<artifact>/metadata.json}, with the zip's sha1 and size</li>
 *   <li>the artifact: {@code .../<artifact>/0.0.1/<artifact>.zip}</li>
 * </ul>
 * Every path asked for is recorded. Any other path is 404, as on the real host for this group.
 */
public final class LoopbackModelRepository implements AutoCloseable {
    public static final String GROUP = "ai.djl.huggingface.pytorch";
    public static final String ARTIFACT = "distilbert-base-uncased-finetuned-sst-2-english";
    private static final String BASE = "/model/nlp/text_classification/" + GROUP.replace('.', '/') + "/";

    private final HttpServer server;
    private final Map<String, byte[]> files;
    private final List<String> requests = new CopyOnWriteArrayList<>();

    private LoopbackModelRepository(Map<String, byte[]> files) throws IOException {
        this.files = files;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.createContext("/", this::answer);
        server.start();
    }

    /**
     * Serves the artifact in {@code artifactDir}; with {@code honestSha1} false the metadata names a sha1 the
     * zip does not have (what a corrupted download looks like to DJL).
     */
    public static LoopbackModelRepository serve(Path artifactDir, boolean honestSha1) throws IOException {
        byte[] zip = zip(artifactDir);
        String sha1 = honestSha1 ? sha1(zip) : "0123456789abcdef0123456789abcdef01234567";
        String metadata = """
                {"metadataVersion": "0.2", "resourceType": "model", "application": "nlp/text_classification",
                 "groupId": "%s", "artifactId": "%s", "name": "%s",
                 "description": "served on loopback by the lab, from a local artifact directory", "website": "http://127.0.0.1/",
                 "licenses": {"license": {"name": "The Apache License, Version 2.0", "url": "https://www.apache.org/licenses/LICENSE-2.0"}},
                 "artifacts": [{"version": "0.0.1", "snapshot": false, "name": "%s", "properties": {},
                   "arguments": {"translatorFactory": "ai.djl.huggingface.translator.TextClassificationTranslatorFactory"},
                   "options": {"mapLocation": true},
                   "files": {"model": {"uri": "0.0.1/%s.zip", "name": "", "sha1Hash": "%s", "size": %d}}}]}
                """.formatted(GROUP, ARTIFACT, ARTIFACT, ARTIFACT, ARTIFACT, sha1, zip.length);
        String index = "{\"%s\": {\"result\": \"success\", \"sha1\": \"%s\", \"size\": %d}}".formatted(ARTIFACT, sha1, zip.length);
        return new LoopbackModelRepository(Map.of(
                BASE + "models.json.gz", gzip(index.getBytes(StandardCharsets.UTF_8)),
                BASE + ARTIFACT + "/metadata.json", metadata.getBytes(StandardCharsets.UTF_8),
                BASE + ARTIFACT + "/0.0.1/" + ARTIFACT + ".zip", zip));
    }

    /** The size of the artifact's zip: what a download moves. */
    public long artifactBytes() {
        return files.get(BASE + ARTIFACT + "/0.0.1/" + ARTIFACT + ".zip").length;
    }

    /** What DJL_REPO_URL should say for ml-api to use this repository. */
    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/";
    }

    public List<String> requests() {
        return List.copyOf(requests);
    }

    /** Whether the artifact's zip was asked for (a download happened). */
    public boolean artifactDownloaded() {
        return requests.stream().anyMatch(p -> p.endsWith(".zip"));
    }

    private void answer(HttpExchange x) throws IOException {
        try (x) {
            String path = x.getRequestURI().getPath();
            requests.add(path);
            byte[] body = files.get(path);
            x.sendResponseHeaders(body == null ? 404 : 200, body == null ? -1 : body.length);
            if (body != null) {
                try (OutputStream out = x.getResponseBody()) {
                    out.write(body);
                }
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private static byte[] zip(Path dir) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes); Stream<Path> files = Files.list(dir)) {
            for (Path f : files.sorted().toList()) {
                zip.putNextEntry(new ZipEntry(f.getFileName().toString()));
                Files.copy(f, zip);
                zip.closeEntry();
            }
        }
        return bytes.toByteArray();
    }

    private static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
            gz.write(data);
        }
        return bytes.toByteArray();
    }

    private static String sha1(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(data));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
