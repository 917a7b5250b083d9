package lab.portal.live;

import lab.portal.progress.StandingChanged;
import lab.portal.runtime.Replica;
import lab.portal.runtime.ReplicaState;
import lab.portal.runtime.RuntimeEvents;
import lab.portal.runtime.ServiceRuntime;
import lab.portal.services.ServedModel;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import tools.jackson.databind.json.JsonMapper;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Everything the page shows live, pushed to every open page: the runtime's log lines, 1 Hz CPU/RSS
 * samples and replica states, which model ml-api serves, and the events of the activity running now.
 * It only relays: whoever measures something publishes it here. A page that joins late first gets the
 * recent history (bounded), so nothing it shows starts empty; a page that cannot keep up is dropped and
 * reconnects.
 */
@Component
public class LiveFeed implements RuntimeEvents {
    private static final int LOG_HISTORY = 400;
    private static final int SAMPLE_HISTORY = 240;
    private static final int RUN_HISTORY = 4000;
    private static final int BLOCK_HISTORY = 2000;
    private static final int METRICS_HISTORY = 480;

    private final Set<LivePage> pages = ConcurrentHashMap.newKeySet();
    private final Deque<LiveEvent> logs = new ArrayDeque<>();
    private final Deque<LiveEvent> samples = new ArrayDeque<>();
    private final Deque<LiveEvent> runEvents = new ArrayDeque<>();
    private final Deque<LiveEvent> blockEvents = new ArrayDeque<>();
    private boolean stepRunning;
    private LiveEvent.Standing lastStanding;
    private final Deque<LiveEvent> metrics = new ArrayDeque<>();
    private final Map<String, LiveEvent.State> states = new LinkedHashMap<>();
    private final ServedModel model;
    private final JsonMapper json;

    public LiveFeed(ServiceRuntime runtime, ServedModel model, JsonMapper json) {
        this.model = model;
        this.json = json;
        runtime.subscribe(this);
    }


    @Override
    public void log(LogLine line) {
        remember(logs, new LiveEvent.Log(line.replicaId(), line.at().toEpochMilli(), line.text()), LOG_HISTORY);
    }

    @Override
    public void sample(ResourceSample s) {
        remember(samples, new LiveEvent.Sample(s.replicaId(), s.at().toEpochMilli(), Math.round(s.cpuPercent() * 10) / 10.0,
                Math.round(s.residentBytes() / 1e5) / 10.0), SAMPLE_HISTORY);
    }

    @Override
    public void stateChanged(Replica r) {
        LiveEvent.State state = new LiveEvent.State(r.id(), r.service().id(), r.port(), r.state().name(), r.oomKilled(), r.exitCode());
        synchronized (this) {
            if (r.state() == ReplicaState.EXITED) states.remove(r.id());
            else states.put(r.id(), state);
        }
        broadcast(state);
    }

    /** ml-api said which model it serves. */
    @EventListener
    public void on(ServedModel.Changed changed) {
        broadcast(new LiveEvent.Model(changed.info()));
    }

    /** A learner's report reached this class portal: the class page redraws (one that opens later reads the class with the page). */
    @EventListener
    public void on(LiveEvent.ClassChanged changed) {
        broadcast(changed);
    }

    /** The standing changed: open pages redraw the header, the steps and the checklist (a new page reads it with the page). */
    @EventListener
    public void on(StandingChanged changed) {
        LiveEvent.Standing event = new LiveEvent.Standing(changed.standing());
        synchronized (this) {
            lastStanding = event;
        }
        broadcast(event);
    }

    /** An experiment's event (progress, a point, its end); a new run clears the last run's. */
    public void publish(LiveEvent event) {
        synchronized (this) {
            if (event instanceof LiveEvent.RunStarted) runEvents.clear();
        }
        remember(runEvents, event, RUN_HISTORY);
    }

    /** A guide block's event (start, output, end); a new block clears the last one's, so a late page sees the running block's output. */
    public void publishBlock(LiveEvent event) {
        synchronized (this) {
            // A page that joins late sees the block running now, or the whole step run it is part of.
            switch (event) {
                case LiveEvent.StepStarted s -> { blockEvents.clear(); stepRunning = true; }
                case LiveEvent.BlockStarted b -> { if (!stepRunning) blockEvents.clear(); }
                case LiveEvent.StepFinished f -> stepRunning = false;
                default -> { }
            }
        }
        remember(blockEvents, event, BLOCK_HISTORY);
    }

    /** What a replica's /metrics said. */
    public void publishMetrics(LiveEvent.Metrics event) {
        remember(metrics, event, METRICS_HISTORY);
    }

    void join(WebSocketSession session) {
        LivePage page = LivePage.open(session, pages::remove);
        List<LiveEvent> history = new ArrayList<>();
        synchronized (this) {
            history.addAll(states.values());
            history.addAll(logs);
            history.addAll(samples);
            history.addAll(metrics);
            history.addAll(runEvents);
            history.addAll(blockEvents);
            history.add(new LiveEvent.Model(model.info()));
            // A page draws the standing it was rendered with; one that changed before its socket joined
            // (a service stopping while the page loads) would otherwise reach it only with the next change.
            if (lastStanding != null) history.add(lastStanding);
            page.offer(new TextMessage(json.writeValueAsString(new LiveEvent.History(history))));
            pages.add(page);
        }
    }

    /** How many pages are connected now. */
    public int pages() {
        return pages.size();
    }

    void leave(WebSocketSession session) {
        pages.removeIf(p -> {
            if (!p.id().equals(session.getId())) return false;
            p.closed();
            return true;
        });
    }

    private void remember(Deque<LiveEvent> history, LiveEvent event, int limit) {
        synchronized (this) {
            history.addLast(event);
            while (history.size() > limit) history.removeFirst();
        }
        broadcast(event);
    }

    private void broadcast(LiveEvent event) {
        if (pages.isEmpty()) return;
        TextMessage message = new TextMessage(json.writeValueAsString(event));
        for (LivePage page : pages) page.offer(message); // never blocks: a page that cannot keep up is dropped and reconnects
    }
}
