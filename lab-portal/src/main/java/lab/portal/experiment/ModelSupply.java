package lab.portal.experiment;

import lab.portal.runtime.RuntimeFailure;
import lab.portal.runtime.ServiceRuntime;
import lab.process.model.LoopbackModelRepository;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Where Experiment 6's downloads come from, and what to tell ml-api for each start:
 * <ul>
 * <li>DJL's model zoo, over the network: DistilBERT-SST-2, the model the lab is about;</li>
 * <li>a model directory the portal was given ({@code lab.model-artifact}), served on 127.0.0.1 in DJL's
 * zoo layout under DistilBERT-SST-2's coordinates;</li>
 * <li>the project's own offline model, exported by ml-api (as the runtime runs it) and served on 127.0.0.1 as an archive,
 * where the zoo cannot be reached or the portal's ml-api is set to the offline model: a real model the
 * project ships, so the lesson needs no network and no setting.</li>
 * </ul>
 */
interface ModelSupply extends AutoCloseable {
    /** The model every start is about: DistilBERT-SST-2's zoo coordinates. */
    String ZOO_MODEL = "djl://" + LoopbackModelRepository.GROUP + "/" + LoopbackModelRepository.ARTIFACT;

    /** What a start that downloads is told (MODEL_URI and, for a loopback zoo, DJL_REPO_URL). */
    Map<String, String> download();

    /** Whether the model is DistilBERT-SST-2 (false: the offline model stands in for it). */
    boolean distilbert();

    /** The note the run keeps about where the model came from. */
    String note();

    /** The artifact's size in MB where the portal serves it; null for DJL's zoo. */
    Double megabytes();

    @Override
    void close();

    /** DJL's zoo over the network. */
    static ModelSupply zoo() {
        return new ModelSupply() {
            public Map<String, String> download() {
                return Map.of("MODEL_URI", ZOO_MODEL);
            }

            public boolean distilbert() {
                return true;
            }

            public String note() {
                return "DistilBERT-SST-2, downloaded from DJL's model zoo over the network.";
            }

            public Double megabytes() {
                return null;
            }

            public void close() {
            }
        };
    }

    /** A directory with DistilBERT-SST-2's files, served on loopback in DJL's zoo layout. */
    static ModelSupply loopbackZoo(Path artifact) throws IOException {
        LoopbackModelRepository repository = LoopbackModelRepository.serve(artifact, true);
        return new Served(repository, Map.of("MODEL_URI", ZOO_MODEL, "DJL_REPO_URL", repository.url()), true,
                String.format(Locale.ROOT, "DistilBERT-SST-2's files from %s, downloaded from a model repository the portal served on 127.0.0.1 "
                        + "in DJL's layout (%.1f MB): a stand-in for DJL's model zoo (lab.model-artifact).", artifact, repository.artifactBytes() / 1e6));
    }

    /**
     * The project's offline model, exported once by ml-api itself, as the runtime runs it, into {@code dir}
     * and served on loopback as an archive; {@code why} says why it stands in for DistilBERT-SST-2.
     */
    static ModelSupply offline(ServiceRuntime runtime, Path dir, String why) throws IOException, RuntimeFailure {
        export(runtime, dir);
        LoopbackModelRepository repository = LoopbackModelRepository.archive(dir, "feedback-minilm-l6");
        return new Served(repository, Map.of("MODEL_URI", repository.artifactUrl()), false,
                String.format(Locale.ROOT, "The project's offline model (feedback-minilm-l6, all-MiniLM-L6-v2 with the lab's sentiment head, %.1f MB), "
                        + "downloaded from a model repository the portal served on 127.0.0.1, because %s. It stands in for DistilBERT-SST-2: "
                        + "the phases are the same, the sizes and times are the offline model's.", repository.artifactBytes() / 1e6, why));
    }

    /** Exports into a staging folder beside {@code dir} and moves it into place whole: a half-written export is never reused. */
    private static void export(ServiceRuntime runtime, Path dir) throws IOException, RuntimeFailure {
        if (Files.isRegularFile(dir.resolve("model.onnx")) && Files.isRegularFile(dir.resolve("head.json"))) return;
        Files.createDirectories(dir.getParent());
        Path staging = Files.createTempDirectory(dir.getParent(), dir.getFileName() + ".export");
        try {
            runtime.exportOfflineModel(staging);
            if (Files.exists(dir)) deleteTree(dir);
            Files.move(staging, dir, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            if (Files.exists(staging)) deleteTree(staging);
        }
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }

    /** A model the portal serves on 127.0.0.1 while the run lasts. */
    record Served(LoopbackModelRepository repository, Map<String, String> download, boolean distilbert, String note) implements ModelSupply {
        public Double megabytes() {
            return repository.artifactBytes() / 1e6;
        }

        public void close() {
            repository.close();
        }
    }
}
