package lab.ml.model;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

/**
 * Start-up work that runs on its own thread beside other start-up work (a model's tokenizer beside its
 * weights, an engine's native libraries beside the HTTP server): on a machine with a second core the two
 * take as long as the longer one. Its failure is thrown where it is awaited, as if it had run there.
 */
public final class SideTask<T> {
    private final FutureTask<T> task;

    private SideTask(FutureTask<T> task) {
        this.task = task;
    }

    public static <T> SideTask<T> start(String name, Callable<T> work) {
        FutureTask<T> task = new FutureTask<>(work);
        Thread thread = new Thread(task, name);
        thread.setDaemon(true); // a service that stops during start-up does not wait for it
        thread.start();
        return new SideTask<>(task);
    }

    /** Its result once it has finished, or null if it failed: for clean-up while another failure is reported. */
    public T awaitOrNull() {
        try {
            return task.get();
        } catch (ExecutionException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** Its result once it has finished; its exception or error, unwrapped, if it failed. */
    public T await() throws Exception {
        try {
            return task.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception cause) throw cause;
            if (e.getCause() instanceof Error error) throw error;
            throw e;
        }
    }
}
