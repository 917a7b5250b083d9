package lab.portal.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.util.List;
import java.util.Set;

/**
 * Refuses requests whose Host is not loopback (or configured): a web page elsewhere cannot point a DNS
 * name at 127.0.0.1 and talk to the portal as if it were the same origin.
 */
final class LoopbackHostFilter extends OncePerRequestFilter {
    private static final Set<String> LOOPBACK = Set.of("127.0.0.1", "localhost", "[::1]", "::1");
    private final List<String> allowed;
    private final java.util.function.Predicate<HttpServletRequest> classListener;

    /** {@code classListener}: a class portal's listener for learners, reached by whatever name the room knows it by. */
    LoopbackHostFilter(List<String> allowed, java.util.function.Predicate<HttpServletRequest> classListener) {
        this.allowed = allowed.stream().filter(h -> !h.isBlank()).toList();
        this.classListener = classListener;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String host = request.getServerName();
        if (LOOPBACK.contains(host) || allowed.contains(host) || classListener.test(request)) {
            chain.doFilter(request, response);
            return;
        }
        PortalSecurity.Refusal.send(response, 421, "host_not_allowed",
                "the portal answers only on 127.0.0.1/localhost (set lab.allowed-hosts to add a name)");
    }
}
