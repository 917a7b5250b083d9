package lab.portal.live;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.config.annotation.EnableWebSocket;
import org.springframework.web.socket.config.annotation.WebSocketConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketHandlerRegistry;
import org.springframework.web.socket.handler.TextWebSocketHandler;

/**
 * {@code /live}: the page's one WebSocket. It only listens; everything it changes goes through CSRF-
 * protected HTTP. Same-origin only (Spring's default when no other origin is allowed).
 */
@Configuration
@EnableWebSocket
class LiveSocket extends TextWebSocketHandler implements WebSocketConfigurer {
    private final LiveFeed feed;

    LiveSocket(LiveFeed feed) {
        this.feed = feed;
    }

    @Override
    public void registerWebSocketHandlers(WebSocketHandlerRegistry registry) {
        registry.addHandler(this, "/live");
    }

    @Override
    public void afterConnectionEstablished(WebSocketSession session) {
        feed.join(session);
    }

    @Override
    public void afterConnectionClosed(WebSocketSession session, CloseStatus status) {
        feed.leave(session);
    }
}
