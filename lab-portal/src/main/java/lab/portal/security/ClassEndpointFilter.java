package lab.portal.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import lab.portal.classroom.ClassSettings;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.net.InetAddress;

/**
 * A class portal's listener for learners ({@code lab.class.address:port}) may face a room: what arrives
 * there may only post a report, authenticated by the class code rather than a cookie. The instructor's page
 * and every control stay on the portal's own address, and the class page answers loopback clients only.
 */
final class ClassEndpointFilter extends OncePerRequestFilter {
    private final ClassSettings settings;

    ClassEndpointFilter(ClassSettings settings) {
        this.settings = settings;
    }

    /** A learner's report: the one request a class portal takes from outside. */
    static boolean isReport(HttpServletRequest request) {
        return "POST".equals(request.getMethod()) && ClassSettings.REPORTS.equals(request.getRequestURI());
    }

    /** Whether the request came in on the listener learners reach. */
    boolean onClassListener(HttpServletRequest request) {
        return settings.enabled() && request.getLocalPort() == settings.port();
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (onClassListener(request) && !isReport(request)) {
            PortalSecurity.Refusal.send(response, 403, "instructor_only", "this address takes learners' reports only (POST "
                    + ClassSettings.REPORTS + "); the class page is on the instructor's own machine");
            return;
        }
        if (ClassSettings.INSTRUCTOR.contains(request.getRequestURI()) && !loopback(request.getRemoteAddr())) {
            PortalSecurity.Refusal.send(response, 403, "instructor_only", "the class page answers the instructor's own machine only");
            return;
        }
        chain.doFilter(request, response);
    }

    private static boolean loopback(String address) {
        try {
            return InetAddress.ofLiteral(address).isLoopbackAddress();
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
