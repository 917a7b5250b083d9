package lab.portal.activity;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ActivityRunnerTest {

    /** An activity that says it has ended (as the stores do) and then lingers before giving the stage back. */
    private static final class Lingering implements Activity {
        private static final AtomicLong IDS = new AtomicLong();
        final CountDownLatch ended = new CountDownLatch(1);
        final long lingerMillis;

        Lingering(long lingerMillis) {
            this.lingerMillis = lingerMillis;
        }

        @Override
        public ActivityKind kind() {
            return ActivityKind.BLOCK;
        }

        @Override
        public String subject() {
            return "step-8-1";
        }

        @Override
        public long begin() {
            return IDS.incrementAndGet();
        }

        @Override
        public String run(Execution execution) {
            ended.countDown(); // a poller sees SUCCEEDED from here on
            try {
                Thread.sleep(lingerMillis); // the activity thread, descheduled on a busy machine
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return "SUCCEEDED";
        }

        @Override
        public String failed(Execution execution, Throwable problem) {
            return "FAILED";
        }

        @Override
        public void announce(Execution execution) {
        }
    }

    private final Stage stage = new Stage();
    private final ActivityRunner runner = new ActivityRunner(stage, new SimpleMeterRegistry(), event -> { });

    /** What CI met: step-8-1's run read SUCCEEDED, step-9-1 started at once and was refused "busy". */
    @Test
    void aStartRightAfterTheLastActivitySaidItEndedWaitsForTheStageInsteadOfBeingRefused() throws Exception {
        Lingering first = new Lingering(300);
        runner.start(first);
        assertThat(first.ended.await(10, TimeUnit.SECONDS)).isTrue();
        long t = System.nanoTime();
        runner.start(new Lingering(0));
        assertThat(Duration.ofNanos(System.nanoTime() - t)).as("it waited for the first to let go").isLessThan(ActivityRunner.FINISHING);
        runner.destroy();
    }

    @Test
    void aStartWhileAnotherActivityWorksOnIsStillRefusedNamingIt() throws Exception {
        Lingering first = new Lingering(ActivityRunner.FINISHING.toMillis() * 3);
        runner.start(first);
        assertThat(first.ended.await(10, TimeUnit.SECONDS)).isTrue();
        assertThatThrownBy(() -> runner.start(new Lingering(0))).isInstanceOf(Stage.Busy.class).hasMessageContaining("step-8-1");
        assertThatThrownBy(() -> stage.take("the cleanup")).as("without patience: refused at once").isInstanceOf(Stage.Busy.class);
        runner.destroy();
    }
}
