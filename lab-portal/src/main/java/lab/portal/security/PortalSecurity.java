package lab.portal.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import lab.portal.classroom.ClassSettings;
import lab.portal.settings.LabProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.csrf.CookieCsrfTokenRepository;
import org.springframework.security.web.csrf.CsrfFilter;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.security.web.csrf.CsrfTokenRequestAttributeHandler;
import org.springframework.security.web.csrf.CsrfTokenRequestHandler;

import java.io.IOException;
import java.util.function.Supplier;

/**
 * The portal drives a Docker engine (root-equivalent), so: it listens on 127.0.0.1 (application
 * properties), answers only requests addressed to a loopback host (no DNS rebinding), bounds every request
 * body, and every state-changing request must come from the portal's own origin and carry the CSRF token
 * in its header. Forwarded headers are never trusted (application properties). There are no users.
 */
@Configuration
public class PortalSecurity {

    @Bean
    SecurityFilterChain portal(HttpSecurity http, LabProperties settings, ClassSettings classSettings) throws Exception {
        ClassEndpointFilter classEndpoint = new ClassEndpointFilter(classSettings);
        http.authorizeHttpRequests(a -> a.anyRequest().permitAll())
                // A learner's report to a class carries the class code, not the portal's cookie: no CSRF token to
                // check, and no page elsewhere can send its X-Class-Code header without a CORS preflight, which the
                // portal never grants.
                .csrf(csrf -> csrf.csrfTokenRepository(CookieCsrfTokenRepository.withHttpOnlyFalse())
                        .csrfTokenRequestHandler(new HeaderOnly()).ignoringRequestMatchers(ClassEndpointFilter::isReport))
                .exceptionHandling(e -> e.accessDeniedHandler((request, response, denied) -> Refusal.send(response, 403, "csrf",
                        "missing or wrong CSRF token: changes must come from the portal's own page (header X-XSRF-TOKEN with "
                                + "the value of the XSRF-TOKEN cookie)")))
                .addFilterBefore(classEndpoint, CsrfFilter.class)
                .addFilterBefore(new LoopbackHostFilter(settings.allowedHosts(), classEndpoint::onClassListener), CsrfFilter.class)
                .addFilterBefore(new SameOriginFilter(ClassEndpointFilter::isReport), CsrfFilter.class)
                .addFilterBefore(new BodyLimitFilter(), CsrfFilter.class)
                .headers(h -> h.frameOptions(f -> f.deny())
                        .contentSecurityPolicy(c -> c.policyDirectives("default-src 'self'; img-src 'self' data:; "
                                + "style-src 'self' 'unsafe-inline'; connect-src 'self'; frame-ancestors 'none'")));
        return http.build();
    }

    /** No accounts: without this bean Spring would invent a user and print its password. */
    @Bean
    UserDetailsService noUsers() {
        return new InMemoryUserDetailsManager();
    }

    /**
     * The token is accepted from the header only, never from a form field: a form on another site can
     * post fields, it cannot set headers.
     */
    private static final class HeaderOnly implements CsrfTokenRequestHandler {
        private final CsrfTokenRequestAttributeHandler attributes = new CsrfTokenRequestAttributeHandler();

        @Override
        public void handle(HttpServletRequest request, HttpServletResponse response, Supplier<CsrfToken> token) {
            attributes.handle(request, response, token);
        }

        @Override
        public String resolveCsrfTokenValue(HttpServletRequest request, CsrfToken token) {
            return request.getHeader(token.getHeaderName());
        }
    }

    /** The one refusal shape, written by the filters that answer before Spring MVC does. */
    static final class Refusal {
        private Refusal() {
        }

        static void send(HttpServletResponse response, int status, String error, String message) throws IOException {
            response.setStatus(status);
            response.setContentType("application/json");
            response.setCharacterEncoding("UTF-8");
            response.getWriter().write("{\"error\":\"" + error + "\",\"message\":\"" + message.replace("\\", "\\\\").replace("\"", "\\\"") + "\"}");
        }
    }
}
