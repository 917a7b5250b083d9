package lab.portal.security;

import lab.portal.LabSettings;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.csrf.CsrfFilter;

/**
 * The portal drives a Docker engine (root-equivalent), so: it listens on 127.0.0.1 (application
 * properties), answers only requests addressed to a loopback host (no DNS rebinding), and every
 * state-changing request needs the CSRF token that only its own pages can read. There are no users.
 */
@Configuration
class PortalSecurity {

    @Bean
    SecurityFilterChain portal(HttpSecurity http, LabSettings settings) throws Exception {
        http.authorizeHttpRequests(a -> a.anyRequest().permitAll())
                .csrf(csrf -> csrf.spa())
                .exceptionHandling(e -> e.accessDeniedHandler((request, response, denied) -> {
                    response.setStatus(403);
                    response.setContentType("application/json");
                    response.getWriter().write("{\"error\":\"csrf\",\"message\":\"missing or wrong CSRF token: changes must come "
                            + "from the portal's own page (header X-XSRF-TOKEN with the value of the XSRF-TOKEN cookie)\"}");
                }))
                .addFilterBefore(new LoopbackHostFilter(settings.allowedHosts()), CsrfFilter.class)
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
}
