package lab.portal.live;

import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;

import java.io.IOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.logging.Logger;

/**
 * One open page on /live: a bounded outbox and its own sender. Whoever publishes an event only offers it
 * here, so a page that stops reading (a stalled network, a hostile client) blocks nobody: its outbox
 * fills, and it is dropped and closed. The page reconnects and starts again from the feed's history.
 */
final class LivePage {
    private static final Logger LOG = Logger.getLogger(LivePage.class.getName());
    /** Events a page may be behind before it is dropped: a few seconds of the busiest run's output. */
    static final int OUTBOX = 2000;

    private final WebSocketSession session;
    private final BlockingQueue<TextMessage> outbox = new ArrayBlockingQueue<>(OUTBOX);
    private final Consumer<LivePage> dropped;
    private volatile boolean open = true;

    private LivePage(WebSocketSession session, Consumer<LivePage> dropped) {
        this.session = session;
        this.dropped = dropped;
    }

    /** A page whose sender runs on its own virtual thread; {@code dropped} hears once when it is given up. */
    static LivePage open(WebSocketSession session, Consumer<LivePage> dropped) {
        LivePage page = new LivePage(session, dropped);
        Thread.ofVirtual().name("live-page-" + session.getId()).start(page::send);
        return page;
    }

    String id() {
        return session.getId();
    }

    /** Queues the message; a page too far behind is dropped instead of waited for. Never blocks. */
    void offer(TextMessage message) {
        if (open && !outbox.offer(message)) drop(CloseStatus.SESSION_NOT_RELIABLE.withReason("too far behind: reconnect"));
    }

    /** The page went away on its own. */
    void closed() {
        open = false;
        outbox.clear();
    }

    private void send() {
        try {
            while (open) {
                TextMessage next = outbox.poll(1, TimeUnit.SECONDS);
                if (next != null && open) session.sendMessage(next);
            }
        } catch (IOException | IllegalStateException e) {
            drop(CloseStatus.GOING_AWAY.withReason("the page could not be written to"));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void drop(CloseStatus why) {
        synchronized (this) {
            if (!open) return;
            open = false;
        }
        outbox.clear();
        dropped.accept(this);
        // Closing can wait on a send stuck in a full socket; the publisher that noticed must not.
        Thread.ofVirtual().start(() -> {
            try {
                session.close(why);
            } catch (IOException | IllegalStateException e) {
                LOG.fine(() -> "closing a dropped page: " + e);
            }
        });
    }
}
