package lab.process.model;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
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
 * Or ({@link #archive}) one model's files as an archive at a URL of its own, as any web server would
 * serve a model. Every path asked for is recorded, with the bytes served. Any other path is 404, as on
 * the real host for this group. The archive is zipped into a temporary file and served from there,
 * never held in memory: a model is larger than the portal's heap in a 512 MB container.
 */
public final class LoopbackModelRepository implements AutoCloseable {
    public static final String GROUP = "ai.djl.huggingface.pytorch";
    public static final String ARTIFACT = "distilbert-base-uncased-finetuned-sst-2-english";
    private static final String BASE = "/model/nlp/text_classification/" + GROUP.replace('.', '/') + "/";

    private final HttpServer server;
    private final Map<String, byte[]> files;
    private final String artifactPath;
    private final Path artifactFile;
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final java.util.concurrent.atomic.AtomicLong served = new java.util.concurrent.atomic.AtomicLong();

    private LoopbackModelRepository(Map<String, byte[]> files, String artifactPath, Path artifactFile) throws IOException {
        this.files = files;
        this.artifactPath = artifactPath;
        this.artifactFile = artifactFile;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.createContext("/", this::answer);
        server.start();
    }

    /**
     * Serves the artifact in {@code artifactDir}; with {@code honestSha1} false the metadata names a sha1 the
     * zip does not have (what a corrupted download looks like to DJL).
     */
    public static LoopbackModelRepository serve(Path artifactDir, boolean honestSha1) throws IOException {
        Path zip = Files.createTempFile("model-repository", ".zip");
        String sha1 = zip(artifactDir, zip);
        if (!honestSha1) sha1 = "0123456789abcdef0123456789abcdef01234567";
        long size = Files.size(zip);
        String metadata = """
                {"metadataVersion": "0.2", "resourceType": "model", "application": "nlp/text_classification",
                 "groupId": "%s", "artifactId": "%s", "name": "%s",
                 "description": "served on loopback by the lab, from a local artifact directory", "website": "http://127.0.0.1/",
                 "licenses": {"license": {"name": "The Apache License, Version 2.0", "url": "https://www.apache.org/licenses/LICENSE-2.0"}},
                 "artifacts": [{"version": "0.0.1", "snapshot": false, "name": "%s", "properties": {},
                   "arguments": {"translatorFactory": "ai.djl.huggingface.translator.TextClassificationTranslatorFactory"},
                   "options": {"mapLocation": true},
                   "files": {"model": {"uri": "0.0.1/%s.zip", "name": "", "sha1Hash": "%s", "size": %d}}}]}
                """.formatted(GROUP, ARTIFACT, ARTIFACT, ARTIFACT, ARTIFACT, sha1, size);
        String index = "{\"%s\": {\"result\": \"success\", \"sha1\": \"%s\", \"size\": %d}}".formatted(ARTIFACT, sha1, size);
        String artifact = BASE + ARTIFACT + "/0.0.1/" + ARTIFACT + ".zip";
        return new LoopbackModelRepository(Map.of(
                BASE + "models.json.gz", gzip(index.getBytes(StandardCharsets.UTF_8)),
                BASE + ARTIFACT + "/metadata.json", metadata.getBytes(StandardCharsets.UTF_8)), artifact, zip);
    }

    /** Serves the files in {@code dir} as one archive at {@code /<name>/<name>.zip} ({@link #artifactUrl()}). */
    public static LoopbackModelRepository archive(Path dir, String name) throws IOException {
        String artifact = "/" + name + "/" + name + ".zip";
        Path zip = Files.createTempFile(name, ".zip");
        zip(dir, zip);
        return new LoopbackModelRepository(Map.of(), artifact, zip);
    }

    /** The size of the artifact's zip: what a download moves. */
    public long artifactBytes() {
        try {
            return Files.size(artifactFile);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Where the artifact itself is (a model URL a replica can be told). */
    public String artifactUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + artifactPath;
    }

    /** Every byte this repository has sent, over every request: what replicas fetched from it. */
    public long bytesServed() {
        return served.get();
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
            if (path.equals(artifactPath)) {
                long size = Files.size(artifactFile);
                x.sendResponseHeaders(200, size);
                try (OutputStream out = x.getResponseBody()) {
                    Files.copy(artifactFile, out);
                }
                served.addAndGet(size);
                return;
            }
            byte[] body = files.get(path);
            x.sendResponseHeaders(body == null ? 404 : 200, body == null ? -1 : body.length);
            if (body != null) {
                try (OutputStream out = x.getResponseBody()) {
                    out.write(body);
                }
                served.addAndGet(body.length);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        try {
            Files.deleteIfExists(artifactFile);
        } catch (IOException e) {
            // a temporary file: the system's clean-up of its temp folder takes it if this could not
        }
    }

    /** Zips the files in {@code dir} into {@code target}; returns the zip's sha1. */
    private static String zip(Path dir, Path target) throws IOException {
        MessageDigest sha1 = sha1();
        try (ZipOutputStream zip = new ZipOutputStream(new DigestOutputStream(new BufferedOutputStream(Files.newOutputStream(target)), sha1));
             Stream<Path> files = Files.list(dir)) {
            for (Path f : files.sorted().toList()) {
                zip.putNextEntry(new ZipEntry(f.getFileName().toString()));
                Files.copy(f, zip);
                zip.closeEntry();
            }
        }
        return HexFormat.of().formatHex(sha1.digest());
    }

    private static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
            gz.write(data);
        }
        return bytes.toByteArray();
    }

    private static MessageDigest sha1() {
        try {
            return MessageDigest.getInstance("SHA-1");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
