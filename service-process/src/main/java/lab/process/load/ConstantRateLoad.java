package lab.process.load;

import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Sends {@link LoadProfile#totalRequests()} requests, request i due at start + i/rate, over a pool of
 * keep-alive connections (as wrk2 does). Each latency is recorded from the request's due time, so when
 * every connection is busy the wait counts against the server instead of silently slowing the sender
 * (coordinated omission). Requests still unsent a timeout after the run's end are errors ("not_sent").
 * With a deadline, a request the client gave up on (not answered, or not sent, that long after it was
 * due) is an error ("deadline").
 */
public final class ConstantRateLoad {
    private static final long MAX_LATENCY_MICROS = 120_000_000;

    public LoadResult run(LoadProfile profile) {
        return run(profile, s -> {
        }, () -> false);
    }

    /**
     * Runs the load; {@code onSecond} receives each second's figures once that second is complete. When
     * {@code stop} turns true (a cancelled experiment) no further request is sent, and the result covers
     * what was sent until then.
     */
    public LoadResult run(LoadProfile profile, Consumer<LoadResult.SecondSample> onSecond, BooleanSupplier stop) {
        Run run = new Run(profile, stop);
        List<Thread> workers = new ArrayList<>();
        for (int c = 0; c < profile.connections(); c++) {
            Thread t = new Thread(run::work, "load-connection-" + c);
            t.setDaemon(true);
            workers.add(t);
            t.start();
        }
        int reported = 0;
        while (workers.stream().anyMatch(Thread::isAlive)) {
            LockSupport.parkNanos(100_000_000);
            int complete = run.secondsFullyDue() - 1;
            for (; reported < Math.min(complete, run.seconds); reported++) onSecond.accept(run.sample(reported));
        }
        for (; reported < run.seconds; reported++) onSecond.accept(run.sample(reported));
        return run.result();
    }

    /** Shared state of one run: the schedule, the histograms and the error counts. */
    private static final class Run {
        final LoadProfile profile;
        final BooleanSupplier stop;
        final long total;
        final double periodNanos;
        final int seconds;
        final long start;
        final long giveUp;
        final AtomicLong next = new AtomicLong();
        final AtomicLong ok = new AtomicLong();
        final Histogram all = new Histogram(MAX_LATENCY_MICROS, 3);
        final Histogram[] bySecond;
        final long[] errorsBySecond;
        final Map<String, AtomicLong> errors = new ConcurrentHashMap<>();
        volatile long lastSent;

        Run(LoadProfile profile, BooleanSupplier stop) {
            this.profile = profile;
            this.stop = stop;
            this.total = profile.totalRequests();
            this.periodNanos = 1e9 / profile.ratePerSecond();
            this.seconds = (int) Math.ceil(profile.duration().toNanos() / 1e9);
            this.bySecond = new Histogram[seconds];
            for (int i = 0; i < seconds; i++) bySecond[i] = new Histogram(MAX_LATENCY_MICROS, 2);
            this.errorsBySecond = new long[seconds];
            this.start = System.nanoTime() + 20_000_000; // let the connection threads start first
            this.giveUp = start + profile.duration().toNanos() + profile.timeout().toNanos();
        }

        void work() {
            int timeout = (int) profile.timeout().toMillis();
            try (HttpConnection connection = new HttpConnection(profile.target(), profile.contentType(), profile.body(), timeout)) {
                long i;
                while ((i = next.getAndIncrement()) < total) {
                    long due = start + (long) (i * periodNanos);
                    int second = (int) Math.min(seconds - 1, (due - start) / 1_000_000_000L);
                    if (!waitUntil(due, stop)) return;
                    if (System.nanoTime() > giveUp) {
                        error("not_sent", second);
                        continue;
                    }
                    long left = profile.deadline() == null ? timeout : (profile.deadline().toNanos() - (System.nanoTime() - due)) / 1_000_000;
                    if (left <= 0) {
                        error("deadline", second); // the caller gave up before a connection was free to send it
                        continue;
                    }
                    send(connection, due, second, (int) Math.min(timeout, left));
                }
            }
        }

        private void send(HttpConnection connection, long due, int second, int timeoutMillis) {
            try {
                int status = connection.exchange(timeoutMillis);
                lastSent = System.nanoTime();
                if (status < 400) {
                    ok.incrementAndGet();
                    record(Math.max(1, (System.nanoTime() - due) / 1000), second);
                } else {
                    error("status_" + status, second);
                }
            } catch (IOException | RuntimeException e) {
                connection.close();
                error(profile.deadline() != null && e instanceof SocketTimeoutException ? "deadline" : kind(e), second);
            }
        }

        private void record(long micros, int second) {
            long v = Math.min(micros, MAX_LATENCY_MICROS);
            synchronized (all) {
                all.recordValue(v);
            }
            synchronized (bySecond[second]) {
                bySecond[second].recordValue(v);
            }
        }

        private void error(String kind, int second) {
            errors.computeIfAbsent(kind, k -> new AtomicLong()).incrementAndGet();
            synchronized (errorsBySecond) {
                errorsBySecond[second]++;
            }
        }

        int secondsFullyDue() {
            return (int) Math.max(0, (System.nanoTime() - start) / 1_000_000_000L);
        }

        LoadResult.SecondSample sample(int second) {
            Histogram h = bySecond[second];
            long errs;
            synchronized (errorsBySecond) {
                errs = errorsBySecond[second];
            }
            synchronized (h) {
                long n = h.getTotalCount();
                return new LoadResult.SecondSample(second, n, errs,
                        n == 0 ? Double.NaN : h.getValueAtPercentile(50) / 1000.0,
                        n == 0 ? Double.NaN : h.getValueAtPercentile(99) / 1000.0);
            }
        }

        LoadResult result() {
            List<LoadResult.SecondSample> perSecond = new ArrayList<>();
            for (int s = 0; s < seconds; s++) perSecond.add(sample(s));
            Map<String, Long> counts = new TreeMap<>();
            errors.forEach((k, v) -> counts.put(k, v.get()));
            long answered = ok.get() + counts.entrySet().stream().filter(e -> e.getKey().startsWith("status_"))
                    .mapToLong(Map.Entry::getValue).sum();
            double elapsed = Math.max((lastSent - start) / 1e9, 1e-9);
            return new LoadResult(profile.ratePerSecond(), answered / elapsed, total, ok.get(), counts, all, perSecond);
        }
    }

    static String kind(Exception e) {
        if (e instanceof SocketTimeoutException) return "timeout";
        if (e instanceof ConnectException) return "connection_refused";
        if (e instanceof IOException) return "io_error";
        return e.getClass().getSimpleName();
    }

    /** Waits for the due time; false when told to stop meanwhile (checked at least every 50 ms). */
    private static boolean waitUntil(long dueNanos, BooleanSupplier stop) {
        long wait;
        while ((wait = dueNanos - System.nanoTime()) > 0) {
            if (stop.getAsBoolean()) return false;
            LockSupport.parkNanos(Math.min(wait, 50_000_000));
        }
        return !stop.getAsBoolean();
    }
}
