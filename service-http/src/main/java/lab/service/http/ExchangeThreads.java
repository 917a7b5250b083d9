package lab.service.http;

import java.util.concurrent.Executor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;

/**
 * The executor behind the HTTP server: each exchange runs on a virtual thread of its own, so a client that
 * is slow to send its request holds nothing but that thread, at most {@code limit} exchanges at a time.
 * Each exchange holds the JDK server's buffers (16-24 KB of heap); past the limit the server's dispatcher
 * waits for one to end before it takes the next request, and connections wait in the kernel's accept
 * queue instead of filling the heap. Clients slow to send their headers are cut after the header timeout,
 * so they hold a slot only briefly.
 */
final class ExchangeThreads implements Executor {
    private final Semaphore slots;
    private final ThreadFactory threads = Thread.ofVirtual().name("http-", 0).factory();

    ExchangeThreads(int limit) {
        this.slots = new Semaphore(limit);
    }

    @Override
    public void execute(Runnable exchange) {
        slots.acquireUninterruptibly();
        try {
            threads.newThread(() -> {
                try {
                    exchange.run();
                } finally {
                    slots.release();
                }
            }).start();
        } catch (RuntimeException | Error e) {
            slots.release();
            throw e;
        }
    }
}
