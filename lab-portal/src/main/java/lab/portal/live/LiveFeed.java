package lab.portal.live;

import com.eclipsesource.json.JsonArray;
import com.eclipsesource.json.JsonObject;
import lab.portal.runtime.LabService;
import lab.portal.runtime.Replica;
import lab.portal.runtime.ReplicaState;
import lab.portal.runtime.RuntimeEvents;
import lab.portal.runtime.ServiceRuntime;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.ConcurrentWebSocketSessionDecorator;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Everything the page shows live, pushed to every open page: the runtime's log lines, 1 Hz CPU/RSS
 * samples and replica states, which model ml-api serves, and the events of the experiment running now.
 * A page that joins late first gets the recent history (bounded), so nothing it shows starts empty.
 */
@Component
public class LiveFeed implements RuntimeEvents {
    private static final int LOG_HISTORY = 400;
    private static final int SAMPLE_HISTORY = 240;
    private static final int RUN_HISTORY = 4000;

    private final Set<WebSocketSession> pages = ConcurrentHashMap.newKeySet();
    private final Deque<JsonObject> logs = new ArrayDeque<>();
    private final Deque<JsonObject> samples = new ArrayDeque<>();
    private final Deque<JsonObject> runEvents = new ArrayDeque<>();
    private final Map<String, JsonObject> states = new LinkedHashMap<>();
    private final ServedModel model;

    public LiveFeed(ServiceRuntime runtime, ServedModel model) {
        this.model = model;
        runtime.subscribe(this);
    }

    @Override
    public void log(LogLine line) {
        remember(logs, new JsonObject().add("type", "log").add("replica", line.replicaId())
                .add("at", line.at().toEpochMilli()).add("text", line.text()), LOG_HISTORY);
    }

    @Override
    public void sample(ResourceSample s) {
        remember(samples, new JsonObject().add("type", "sample").add("replica", s.replicaId()).add("at", s.at().toEpochMilli())
                .add("cpu_pct", Math.round(s.cpuPercent() * 10) / 10.0).add("rss_mb", Math.round(s.residentBytes() / 1e5) / 10.0), SAMPLE_HISTORY);
    }

    @Override
    public void stateChanged(Replica r) {
        JsonObject state = new JsonObject().add("type", "state").add("replica", r.id()).add("service", r.service().id())
                .add("port", r.port()).add("state", r.state().name()).add("oom_killed", r.oomKilled());
        if (r.exitCode() != null) state.add("exit_code", r.exitCode());
        synchronized (this) {
            if (r.state() == ReplicaState.EXITED) states.remove(r.id());
            else states.put(r.id(), state);
        }
        broadcast(state);
        if (r.service() == LabService.ML && r.state() == ReplicaState.READY) {
            // Asked at once, on the runtime's thread: the replica may be stopped right after this event.
            broadcast(new JsonObject().add("type", "model").add("info", model.refresh(r.port())));
        }
    }

    /** An experiment's event (progress, a data point, its end); a new run clears the last run's. */
    public void runEvent(JsonObject event) {
        synchronized (this) {
            if ("run-started".equals(event.getString("type", ""))) runEvents.clear();
        }
        remember(runEvents, event, RUN_HISTORY);
    }

    void join(WebSocketSession session) throws IOException {
        WebSocketSession page = new ConcurrentWebSocketSessionDecorator(session, 10_000, 4 * 1024 * 1024);
        JsonArray history = new JsonArray();
        synchronized (this) {
            states.values().forEach(history::add);
            logs.forEach(history::add);
            samples.forEach(history::add);
            runEvents.forEach(history::add);
            pages.add(page);
        }
        history.add(new JsonObject().add("type", "model").add("info", model.info()));
        page.sendMessage(new TextMessage(new JsonObject().add("type", "history").add("events", history).toString()));
    }

    void leave(WebSocketSession session) {
        pages.removeIf(p -> p.getId().equals(session.getId()));
    }

    private void remember(Deque<JsonObject> history, JsonObject event, int limit) {
        synchronized (this) {
            history.addLast(event);
            while (history.size() > limit) history.removeFirst();
        }
        broadcast(event);
    }

    private void broadcast(JsonObject event) {
        TextMessage message = new TextMessage(event.toString());
        for (WebSocketSession page : pages) {
            try {
                page.sendMessage(message);
            } catch (IOException | IllegalStateException e) {
                pages.remove(page); // the page went away or cannot keep up; it reconnects and gets the history
            }
        }
    }
}
