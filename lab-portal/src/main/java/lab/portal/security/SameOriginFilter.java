package lab.portal.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.util.Set;

/**
 * Changes come only from the portal's own origin. Browsers say where a request comes from
 * ({@code Sec-Fetch-Site}, {@code Origin}); a page on another port of this machine is another origin, and
 * may have read the CSRF cookie (cookies do not care about ports), so the token alone is not enough. A
 * client that is no browser sends neither header and still needs the token.
 */
final class SameOriginFilter extends OncePerRequestFilter {
    private static final Set<String> SAFE = Set.of("GET", "HEAD", "OPTIONS", "TRACE");
    private final java.util.function.Predicate<HttpServletRequest> authenticatedOtherwise;

    /** {@code authenticatedOtherwise}: requests that prove themselves another way (a class report, by its code). */
    SameOriginFilter(java.util.function.Predicate<HttpServletRequest> authenticatedOtherwise) {
        this.authenticatedOtherwise = authenticatedOtherwise;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (!SAFE.contains(request.getMethod()) && !authenticatedOtherwise.test(request)) {
            String site = request.getHeader("Sec-Fetch-Site");
            String origin = request.getHeader("Origin");
            String own = request.getScheme() + "://" + request.getHeader("Host");
            if (site != null && !site.equals("same-origin") && !site.equals("none") || origin != null && !origin.equals(own)) {
                PortalSecurity.Refusal.send(response, 403, "cross_origin", "changes must come from the portal's own page ("
                        + own + "), not from " + (origin != null ? origin : "another site (" + site + ")"));
                return;
            }
        }
        chain.doFilter(request, response);
    }
}
