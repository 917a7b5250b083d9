package lab.portal.activity;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs one activity at a time in the background, whatever its kind: it holds the stage for it (a second
 * start is refused with {@link Stage.Busy}, which the API answers 409), gives it a Cancel button, counts
 * how it ended for /actuator/prometheus ({@code lab.experiment.runs}, {@code lab.guide.block.runs}) and
 * tells whoever keeps the learner's standing. An activity is
 * active until it has stored how it ended, so the next never starts on a half-cleaned stage.
 */
@Service
public class ActivityRunner implements DisposableBean {
    private static final Logger LOG = Logger.getLogger(ActivityRunner.class.getName());

    /** Published after every activity, once the stage is free: whoever keeps the learner's standing judges it again. */
    public record Ended(ActivityKind kind, String subject, String status) {
    }

    private record Running(Activity activity, Activity.Execution execution, Stage.Hold hold) {
    }

    /**
     * An activity stores how it ended before it lets go of the stage (what starts next sees its result), so
     * a client that read that end and starts the next at once may find the stage still held for a moment;
     * such a start waits for it rather than being refused. Two seconds covers a busy 2-core machine.
     */
    static final Duration FINISHING = Duration.ofSeconds(2);

    private final Stage stage;
    private final MeterRegistry metrics;
    private final ApplicationEventPublisher events;
    private final ExecutorService executor = Executors.newSingleThreadExecutor(r -> new Thread(r, "activity"));
    private Running active;

    public ActivityRunner(Stage stage, MeterRegistry metrics, ApplicationEventPublisher events) {
        this.stage = stage;
        this.metrics = metrics;
        this.events = events;
    }

    /** Starts the activity; returns its run's id. */
    public long start(Activity activity) throws Stage.Busy {
        // Outside this object's lock: the activity that holds the stage needs it to let go.
        Stage.Hold hold = stage.take(activity.title(), FINISHING);
        synchronized (this) {
            long id;
            try {
                id = activity.begin();
            } catch (RuntimeException e) {
                hold.close();
                throw e;
            }
            Running run = new Running(activity, new Activity.Execution(id, new Cancellation()), hold);
            active = run;
            executor.execute(() -> execute(run));
            return id;
        }
    }

    /** Asks the running activity of this kind to stop; false when none of that kind runs. */
    public synchronized boolean cancel(ActivityKind kind) {
        if (active == null || active.activity().kind() != kind) return false;
        active.execution().cancellation().cancel();
        return true;
    }

    /** The kind of the activity running now (its clean-up included), if any. */
    public synchronized Optional<ActivityKind> running() {
        return Optional.ofNullable(active).map(r -> r.activity().kind());
    }

    /** The id of the run of this kind in progress, or -1. */
    public synchronized long activeRun(ActivityKind kind) {
        return active != null && active.activity().kind() == kind ? active.execution().runId() : -1;
    }

    /** The portal is stopping: the running activity is cancelled and given a moment to clean up. */
    @Override
    public void destroy() throws InterruptedException {
        synchronized (this) {
            if (active != null) active.execution().cancellation().cancel();
        }
        executor.shutdown();
        executor.awaitTermination(30, TimeUnit.SECONDS);
    }

    private void count(Activity activity, String status) {
        String outcome = status.toLowerCase(Locale.ROOT);
        switch (activity.kind()) {
            case EXPERIMENT -> Counter.builder("lab.experiment.runs").description("Experiment runs that ended, by experiment and outcome")
                    .tag("experiment", activity.subject()).tag("status", outcome).register(metrics).increment();
            case BLOCK -> Counter.builder("lab.guide.block.runs").description("Guide blocks run from the page, by outcome")
                    .tag("status", outcome).register(metrics).increment();
            case STEP -> Counter.builder("lab.guide.step.runs").description("Whole steps run from the page (Run this step), by outcome")
                    .tag("status", outcome).register(metrics).increment();
        }
    }

    private void execute(Running run) {
        Activity activity = run.activity();
        String status;
        try {
            status = activity.run(run.execution());
        } catch (RuntimeException | Error unexpected) {
            LOG.log(Level.SEVERE, activity.title() + " failed unexpectedly", unexpected);
            status = activity.failed(run.execution(), unexpected);
        }
        synchronized (this) {
            if (active == run) active = null;
        }
        run.hold().close();
        count(activity, status);
        activity.announce(run.execution());
        events.publishEvent(new Ended(activity.kind(), activity.subject(), status));
    }
}
