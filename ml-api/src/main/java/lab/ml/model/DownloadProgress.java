package lab.ml.model;

import ai.djl.util.Progress;

import java.util.function.Consumer;
import java.util.logging.Logger;

/**
 * DJL's download progress as a few log lines and a one-line status for /ready: a download of hundreds
 * of MB must not look like a hang. DJL may report every byte, so only a new tenth is worth a line. DJL
 * reports loading through the same object; only downloads are told.
 */
public final class DownloadProgress implements Progress {
    private static final Logger LOG = Logger.getLogger(DownloadProgress.class.getName());

    private final String what;
    private final Consumer<String> status;
    private long total;
    private long done;
    /** Every byte downloaded through this progress, over every file (what a start fetched over the network). */
    private long downloaded;
    private int tenth = -1;
    private long startNanos;
    private boolean downloading;
    private Runnable onFirstDownload;

    /**
     * @param what   the model being downloaded, for the log
     * @param status told each new tenth, e.g. "downloading: 30 % of 247.3 MB" (the timeline shows it on /ready)
     * @param onFirstDownload run once, when the first download begins: the repository has answered
     */
    public DownloadProgress(String what, Consumer<String> status, Runnable onFirstDownload) {
        this.what = what;
        this.status = status;
        this.onFirstDownload = onFirstDownload;
    }

    @Override
    public synchronized void reset(String message, long max, String trailingMessage) {
        downloading = message != null && message.toLowerCase(java.util.Locale.ROOT).startsWith("download");
        if (!downloading) return;
        if (onFirstDownload != null) {
            onFirstDownload.run();
            onFirstDownload = null;
        }
        total = max;
        done = 0;
        tenth = -1;
        startNanos = System.nanoTime();
        LOG.info(String.format("downloading %s: %.1f MB", what, total / 1e6));
    }

    @Override
    public synchronized void start(long initialProgress) {
        done = initialProgress;
    }

    @Override
    public synchronized void increment(long increment) {
        if (increment > 0) update(done + increment, null);
    }

    @Override
    public synchronized void update(long progress, String message) {
        if (downloading && progress > done) downloaded += progress - done;
        done = progress;
        if (!downloading || total <= 0) return;
        int now = (int) Math.min(10, done * 10 / total);
        if (now == tenth) return;
        tenth = now;
        String line = String.format("downloading: %d %% of %.1f MB", now * 10, total / 1e6);
        status.accept(line);
        if (now > 0 && now < 10) LOG.info(line + String.format(" after %.1f s", seconds()));
    }

    @Override
    public synchronized void end() {
        if (downloading && done > 0) {
            LOG.info(String.format("downloaded %s: %.1f MB in %.1f s", what, done / 1e6, seconds()));
        }
        downloading = false; // DJL may call end() twice (the stream, then the repository)
    }

    /** Bytes downloaded so far, over every file. */
    public synchronized long downloadedBytes() {
        return downloaded;
    }

    private double seconds() {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
