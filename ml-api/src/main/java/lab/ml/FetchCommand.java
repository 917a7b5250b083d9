package lab.ml;

import lab.ml.model.LoadedModel;
import lab.ml.model.ModelLoader;
import lab.service.ConsoleLogging;
import lab.service.ops.StartupTimeline;

import java.util.Map;

/**
 * {@code java -jar ml-api.jar fetch}: puts into MODEL_CACHE_DIR everything a start of ml-api needs from
 * outside (the engine's native libraries and the model MODEL_URI names, downloaded and checked), proves
 * it loads and answers, and exits: for warming a cache volume before traffic, or baking the model into
 * an image. The offline model never counts as success: exit 1 says the requested model could not be had.
 */
final class FetchCommand {
    private FetchCommand() {
    }

    static int run(Map<String, String> env) {
        ConsoleLogging.configure(env.get("LOG_LEVEL"));
        MlApi.quietDjl();
        try {
            MlConfig config = MlConfig.from(env);
            MlApi.engineDefaults(config);
            StartupTimeline timeline = new StartupTimeline();
            long t0 = System.nanoTime();
            LoadedModel m = new ModelLoader(config, timeline).load();
            try (var classifier = m.classifier()) {
                if (m.fallback()) {
                    System.err.println("ml-api fetch: " + m.fallbackReason());
                    return 1;
                }
                System.out.printf("ml-api fetch: %s is in %s (%s) and answers; %.1f s%n", classifier.name(),
                        config.cacheDir(), m.origin().description(), (System.nanoTime() - t0) / 1e9);
                return 0;
            }
        } catch (IllegalArgumentException e) {
            System.err.println("ml-api fetch: configuration error: " + e.getMessage());
            return 2;
        } catch (Exception | LinkageError e) {
            System.err.println("ml-api fetch: the model could not be fetched: " + e);
            return 1;
        }
    }
}
