package lab.portal.experiment;

import lab.bench.ServiceProcess;
import lab.portal.runtime.LabService;
import lab.portal.runtime.Replica;
import lab.portal.runtime.ReplicaState;
import lab.portal.runtime.ServiceRuntime;

import java.time.Duration;
import java.util.List;

/** What every experiment does first: make sure a service runs and wait until it answers /ready. */
final class ReadyService {
    private ReadyService() {
    }

    /** Starts the service if needed and returns its first replica's port once that is ready. */
    static int start(ServiceRuntime runtime, LabService service, Duration timeout) throws ExperimentFailure {
        int port;
        try {
            port = runtime.start(service).get(0).port();
        } catch (ServiceRuntime.RuntimeFailure e) {
            throw new ExperimentFailure(service.id() + " could not be started: " + e.getMessage(), e);
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        while (ServiceProcess.status(port, "/ready") != 200) {
            List<Replica> r = runtime.replicas(service);
            if (r.isEmpty() || r.get(0).state() == ReplicaState.EXITED) {
                Integer code = r.isEmpty() ? null : r.get(0).exitCode();
                throw new ExperimentFailure(service.id() + " exited while starting" + (code == null ? "" : " (exit code " + code + ")"));
            }
            if (System.nanoTime() > deadline) {
                throw new ExperimentFailure(service.id() + " was not ready within " + timeout.toSeconds() + " s");
            }
            pause(50);
        }
        return port;
    }

    /** Sleeps; an interrupt means the learner cancelled the run. */
    static void pause(long millis) throws ExperimentFailure {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ExperimentFailure("the experiment was cancelled");
        }
    }
}
