package lab.traditional;

import lab.service.ClassDataTraining;
import lab.service.SentimentService;
import lab.service.ServiceConfig;
import lab.service.ServiceMain;
import lab.traditional.lexicon.Lexicon;
import lab.traditional.lexicon.LexiconSentimentModel;

import java.io.IOException;
import java.util.logging.Logger;

/** traditional-api: the rule-based sentiment service. Starts in a fraction of a second, tiny memory. */
public final class TraditionalApi {
    private static final Logger LOG = Logger.getLogger(TraditionalApi.class.getName());
    static final int DEFAULT_PORT = 8001;

    private TraditionalApi() {
    }

    public static void main(String[] args) {
        ServiceMain.run("traditional-api", () -> {
            ServiceConfig config = ServiceConfig.fromEnvironment("TRADITIONAL_PORT", DEFAULT_PORT);
            SentimentService service = create(config);
            ServiceMain.drainOnTermination(service, config.shutdownGrace()); // before it listens: no stop is ever abrupt
            start(service);
            if (ClassDataTraining.requested()) {
                ClassDataTraining.exercise(service.port());
                System.exit(0);
            }
        });
    }

    /** The service, created, listening and ready. */
    public static SentimentService start(ServiceConfig config) throws IOException {
        return start(create(config));
    }

    private static SentimentService create(ServiceConfig config) {
        return SentimentService.create("traditional-api", version(), config, info -> info.add("method", "rule-based"));
    }

    /** Listens first, then loads the lexicon, then becomes ready; each phase is timed. */
    private static SentimentService start(SentimentService service) throws IOException {
        int port = service.listen("load_lexicon");
        Lexicon lexicon = Lexicon.load();
        service.serve(new LexiconSentimentModel(lexicon));
        LOG.info(String.format("traditional-api %s listening on %s:%d; JVM start -> listening %.3f s, -> ready %.3f s; lexicon %d entries",
                version(), service.config().bind(), port, service.timeline().endOf("jvm_start"),
                service.timeline().secondsToReady(), lexicon.size()));
        return service;
    }

    static String version() {
        String v = TraditionalApi.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }
}
