package lab.ml.model.torch;

import ai.djl.repository.zoo.Criteria;
import ai.djl.util.Utils;
import lab.ml.model.Classification;
import lab.ml.model.ModelOrigin;
import lab.ml.model.RootCause;

import java.util.List;
import java.util.concurrent.Callable;
import java.util.logging.Logger;

/**
 * A remote model resolved into DJL's cache. Online, DJL either finds it cached or downloads it and
 * checks each file's sha1 before moving it into the cache. Without network DJL gives up on a cached
 * model once its metadata.json is a day old, although every file is on disk; so a failed online
 * resolution is retried in DJL's offline mode, which serves a complete cached copy whatever its age.
 * An interrupted or corrupt download is never served: DJL moves nothing unverified into the cache.
 */
public final class RemoteResolution {
    private static final Logger LOG = Logger.getLogger(RemoteResolution.class.getName());
    private static final String OFFLINE = "ai.djl.offline";

    private final Criteria<List<String>, List<Classification>> criteria;
    private final ModelOrigin origin;
    private final String unreachable;

    private RemoteResolution(Criteria<List<String>, List<Classification>> criteria, ModelOrigin origin, String unreachable) {
        this.criteria = criteria;
        this.origin = origin;
        this.unreachable = unreachable;
    }

    /** Finds or downloads the model; throws with DJL's reason when neither the repository nor the cache has it. */
    public static RemoteResolution resolve(Criteria<List<String>, List<Classification>> criteria) throws Exception {
        try {
            if (criteria.isDownloaded()) return new RemoteResolution(criteria, ModelOrigin.CACHED, null);
            criteria.downloadModel();
            return new RemoteResolution(criteria, ModelOrigin.DOWNLOADED, null);
        } catch (Exception online) {
            if (!completeCopyCached(criteria)) throw online;
            return new RemoteResolution(criteria, ModelOrigin.CACHED_REPOSITORY_UNREACHABLE, RootCause.of(online));
        }
    }

    private static boolean completeCopyCached(Criteria<List<String>, List<Classification>> criteria) {
        try {
            return offline(criteria::isDownloaded);
        } catch (Exception noCopy) {
            LOG.fine(() -> "no cached copy: " + noCopy);
            return false;
        }
    }

    public ModelOrigin origin() {
        return origin;
    }

    /** Why the repository could not be used, when a cached copy serves instead; else null. */
    public String unreachableReason() {
        return unreachable;
    }

    /** Loads the model; a cached copy is loaded in offline mode too, since loading resolves the metadata again. */
    public TorchClassifier load() throws Exception {
        return origin == ModelOrigin.CACHED_REPOSITORY_UNREACHABLE
                ? offline(() -> TorchClassifier.load(criteria)) : TorchClassifier.load(criteria);
    }

    /** Runs with DJL in offline mode: cached metadata is used whatever its age. Start-up is single-threaded. */
    private static <T> T offline(Callable<T> work) throws Exception {
        if (Utils.isOfflineMode()) return work.call();
        String before = System.getProperty(OFFLINE);
        System.setProperty(OFFLINE, "true");
        try {
            return work.call();
        } finally {
            if (before == null) System.clearProperty(OFFLINE);
            else System.setProperty(OFFLINE, before);
        }
    }
}
