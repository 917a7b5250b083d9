package lab.portal.terminal;

import lab.portal.settings.LabProperties;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.security.web.csrf.CookieCsrfTokenRepository;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.web.socket.BinaryMessage;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.config.annotation.EnableWebSocket;
import org.springframework.web.socket.config.annotation.WebSocketConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketHandlerRegistry;
import org.springframework.web.socket.handler.AbstractWebSocketHandler;
import org.springframework.web.socket.handler.ConcurrentWebSocketSessionDecorator;
import org.springframework.web.socket.server.HandshakeInterceptor;
import org.springframework.web.util.UriComponentsBuilder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * {@code /terminal}: the page's shell. The handshake is refused unless it comes from the portal's own
 * page: its Origin is the portal's (a WebSocket is not bound by the same-origin policy, and a page on
 * another port of this machine could read the CSRF cookie, so both are needed), and it carries the CSRF
 * token. The Host is checked by the portal's filter as for every request. At most
 * {@code lab.terminal-limit} shells run at once; each is stopped when its page goes away, after
 * {@code lab.terminal-idle} without a key, and when the portal stops.
 * The page sends {@code {"type":"input","data":...}} and {@code {"type":"resize","cols":..,"rows":..}}; it
 * receives the shell's output as binary frames.
 */
@Configuration
@EnableWebSocket
class TerminalSocket extends AbstractWebSocketHandler implements WebSocketConfigurer, DisposableBean {
    private static final Logger LOG = Logger.getLogger(TerminalSocket.class.getName());
    private static final int SEND_TIME_LIMIT_MS = 10_000;
    private static final int SEND_BUFFER_LIMIT = 1024 * 1024;

    private final TerminalProperties settings;
    private final TypedCommands typed;
    private final LabProperties lab;
    private final JsonMapper json;
    private final Map<String, TerminalSession> shells = new ConcurrentHashMap<>();
    private final Map<String, WebSocketSession> sockets = new ConcurrentHashMap<>();
    private final Path rcFile;
    private final ScheduledExecutorService idleCheck = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("terminal-idle").factory());

    TerminalSocket(TerminalProperties settings, TypedCommands typed, LabProperties lab, JsonMapper json) {
        this.settings = settings;
        this.typed = typed;
        this.lab = lab;
        this.json = json;
        try (var in = TerminalSocket.class.getResourceAsStream("/terminal/lab.bashrc")) {
            rcFile = Files.createTempFile("lab-terminal-", ".bashrc");
            Files.write(rcFile, in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the terminal's rc file", e);
        }
        long every = Math.max(1, Math.min(30, settings.terminalIdle().toSeconds() / 2));
        idleCheck.scheduleWithFixedDelay(this::closeIdle, every, every, TimeUnit.SECONDS);
    }

    @Override
    public void registerWebSocketHandlers(WebSocketHandlerRegistry registry) {
        if (settings.terminal()) registry.addHandler(this, "/terminal").addInterceptors(new OwnPageOnly());
    }

    @Override
    public void afterConnectionEstablished(WebSocketSession raw) throws IOException {
        WebSocketSession session = new ConcurrentWebSocketSessionDecorator(raw, SEND_TIME_LIMIT_MS, SEND_BUFFER_LIMIT);
        synchronized (shells) {
            if (shells.size() >= settings.terminalLimit()) {
                session.sendMessage(new TextMessage("\r\nThe portal runs at most " + settings.terminalLimit() + " terminals at once (lab.terminal-limit), "
                        + "and that many are open in other pages: close one and reload.\r\n"));
                session.close(CloseStatus.POLICY_VIOLATION.withReason("terminal limit reached"));
                return;
            }
            Map<String, String> env = new HashMap<>(System.getenv());
            env.put("PATH", Path.of(System.getProperty("java.home"), "bin") + ":" + env.getOrDefault("PATH", "/usr/bin:/bin"));
            env.put("TRADITIONAL_PORT", Integer.toString(lab.services().traditional().port()));
            env.put("ML_PORT", Integer.toString(lab.services().ml().port()));
            env.put("TERM", "xterm-256color");
            env.remove("BASH_ENV");
            int[] size = size(raw);
            TerminalSession shell;
            try {
                shell = TerminalSession.open(lab.repoPath(), rcFile, env, size[0], size[1], typed.outputLimit(),
                        bytes -> send(session, bytes), command -> {
                            try {
                                typed.record(command);
                            } catch (RuntimeException e) {
                                LOG.log(Level.WARNING, "a typed command could not be recorded", e);
                            }
                        });
            } catch (IOException | RuntimeException e) {
                LOG.log(Level.WARNING, "no shell for the page's terminal", e);
                session.sendMessage(new TextMessage("\r\nThe portal could not start a shell here: " + e.getMessage()
                        + "\r\nOpen a terminal by hand (see the README), or run the guide's blocks with their Run buttons.\r\n"));
                session.close(CloseStatus.SERVER_ERROR.withReason("no shell"));
                return;
            }
            shells.put(raw.getId(), shell);
            sockets.put(raw.getId(), session);
        }
    }

    private static int[] size(WebSocketSession session) {
        var query = UriComponentsBuilder.fromUri(session.getUri()).build().getQueryParams();
        return new int[]{number(query.getFirst("cols"), 80), number(query.getFirst("rows"), 24)};
    }

    private static int number(String s, int otherwise) {
        try {
            int n = Integer.parseInt(s);
            return n > 0 && n <= 1000 ? n : otherwise;
        } catch (NumberFormatException | NullPointerException e) {
            return otherwise;
        }
    }

    private void send(WebSocketSession session, byte[] bytes) {
        try {
            if (bytes.length == 0) {
                session.close(CloseStatus.NORMAL.withReason("the shell ended"));
            } else if (session.isOpen()) {
                session.sendMessage(new BinaryMessage(bytes));
            }
        } catch (IOException | RuntimeException gone) {
            // the page went away or reads too slowly (the decorator closed it): its shell is stopped on close
        }
    }

    @Override
    protected void handleTextMessage(WebSocketSession session, TextMessage message) throws IOException {
        TerminalSession shell = shells.get(session.getId());
        if (shell == null) return;
        JsonNode m = json.readTree(message.getPayload());
        switch (m.path("type").asString("")) {
            case "input" -> shell.type(m.path("data").asString(""));
            case "resize" -> shell.resize(m.path("cols").asInt(0), m.path("rows").asInt(0));
            default -> { }
        }
    }

    @Override
    public void afterConnectionClosed(WebSocketSession session, CloseStatus status) {
        sockets.remove(session.getId());
        TerminalSession shell = shells.remove(session.getId());
        if (shell != null) Thread.ofVirtual().start(shell::close);
    }

    /** A shell nobody typed in for lab.terminal-idle is stopped; its page says why and may open another. */
    private void closeIdle() {
        shells.forEach((id, shell) -> {
            if (shell.idle().compareTo(settings.terminalIdle()) > 0) {
                WebSocketSession socket = sockets.get(id);
                try {
                    if (socket != null) socket.close(new CloseStatus(4000, "no key pressed for " + settings.terminalIdle().toMinutes()
                            + " min (lab.terminal-idle)"));
                } catch (IOException | RuntimeException gone) {
                    // closed already
                }
                if (shells.remove(id) != null) shell.close();
            }
        });
    }

    @Override
    public void destroy() {
        idleCheck.shutdownNow();
        shells.values().forEach(TerminalSession::close);
        shells.clear();
        try {
            Files.deleteIfExists(rcFile);
        } catch (IOException ignored) {
            // a temporary file
        }
    }

    /** The handshake: the portal's own origin, and the CSRF token (from the page) equal to the cookie's. */
    private static final class OwnPageOnly implements HandshakeInterceptor {
        private final CookieCsrfTokenRepository tokens = CookieCsrfTokenRepository.withHttpOnlyFalse();

        @Override
        public boolean beforeHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler handler, Map<String, Object> attributes) {
            if (!(request instanceof ServletServerHttpRequest servlet)) return false;
            var http = servlet.getServletRequest();
            String own = http.getScheme() + "://" + http.getHeader("Host");
            CsrfToken expected = tokens.loadToken(http);
            String given = http.getParameter("csrf");
            boolean ok = own.equals(http.getHeader("Origin")) && expected != null && given != null
                    && MessageDigest.isEqual(expected.getToken().getBytes(StandardCharsets.UTF_8), given.getBytes(StandardCharsets.UTF_8));
            if (!ok) response.setStatusCode(org.springframework.http.HttpStatus.FORBIDDEN);
            return ok;
        }

        @Override
        public void afterHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler handler, Exception exception) {
        }
    }
}
