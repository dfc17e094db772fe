package com.poblysh.connectors.query.console;

import java.nio.charset.StandardCharsets;
import java.util.List;

import com.poblysh.connectors.query.auth.ConsoleRoutes;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;
import org.springframework.security.web.header.writers.StaticHeadersWriter;

/**
 * Spring Security guards the operator console only. One filter chain for {@link ConsoleRoutes}: form sign-in
 * against {@link ConsoleProperties}' bcrypt hashes, a session cookie, CSRF tokens on every form, no bearer tokens,
 * and headers that keep the pages out of search engines and frames. A second chain lets every other request
 * through untouched (no session, no CSRF, no extra headers), where the API's own {@code TenantAuthFilter} has
 * already authenticated it with the operator bearer token. Web slice tests ({@code @WebMvcTest}) do not scan it
 * and would get Boot's default lock-everything chain instead: they {@code @Import} it, like the application.
 */
@Configuration
@EnableWebSecurity
@EnableConfigurationProperties(ConsoleProperties.class)
public class ConsoleSecurity {

    static final String LOGIN = "/login";
    /** The one authority every signed-in operator has; roles per tenant live in {@code operator_tenant_grants}. */
    static final String OPERATOR = "OPERATOR";
    /** No scripts anywhere; styles are inline in the pages; forms post only to this service. */
    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; "
            + "form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    @Bean
    @Order(1)
    SecurityFilterChain consoleChain(HttpSecurity http) throws Exception {
        http.securityMatcher(ConsoleRoutes.PATTERNS.toArray(String[]::new))
                .authorizeHttpRequests(requests -> requests
                        // the legacy address only redirects; the page it leads to asks for a session
                        .requestMatchers(HttpMethod.GET, "/admin/tenants/*/provider-connections").permitAll()
                        .requestMatchers(LOGIN).permitAll()
                        .anyRequest().hasRole(OPERATOR))
                .formLogin(form -> form.loginPage(LOGIN)
                        .defaultSuccessUrl(ProviderConnectionsController.PAGE, false)
                        .failureUrl(LOGIN + "?error"))
                .logout(logout -> logout.logoutUrl("/logout").logoutSuccessUrl(LOGIN + "?signed-out"))
                .httpBasic(basic -> basic.disable())
                .exceptionHandling(errors -> errors.accessDeniedHandler(accessDenied()))
                .headers(headers -> headers
                        .contentSecurityPolicy(csp -> csp.policyDirectives(CONTENT_SECURITY_POLICY))
                        .referrerPolicy(referrer -> referrer.policy(ReferrerPolicy.SAME_ORIGIN))
                        .addHeaderWriter(new StaticHeadersWriter("X-Robots-Tag", "noindex, nofollow")));
        return http.build();
    }

    @Bean
    @Order(2)
    SecurityFilterChain everythingElse(HttpSecurity http) throws Exception {
        http.authorizeHttpRequests(requests -> requests.anyRequest().permitAll())
                .csrf(csrf -> csrf.disable())
                .headers(headers -> headers.disable())
                .requestCache(cache -> cache.disable())
                .sessionManagement(sessions -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .anonymous(anonymous -> anonymous.disable())
                .logout(logout -> logout.disable());
        return http.build();
    }

    @Bean
    PasswordEncoder consolePasswordEncoder() {
        return new BCryptPasswordEncoder();
    }

    @Bean
    UserDetailsService consoleOperators(ConsoleProperties properties) {
        properties.requireBcryptHashes();
        List<UserDetails> users = properties.operators().stream()
                .map(operator -> User.withUsername(operator.username())
                        .password(operator.passwordHash())
                        .roles(OPERATOR)
                        .build())
                .toList();
        return new InMemoryUserDetailsManager(users);
    }

    /**
     * A refused form (no or a stale CSRF token, e.g. after the session expired) answers a small HTML 403 that says
     * what to do, instead of a bare error.
     */
    private static AccessDeniedHandler accessDenied() {
        return (request, response, denied) -> {
            response.setStatus(403);
            response.setContentType("text/html;charset=UTF-8");
            response.getOutputStream().write(("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">"
                    + "<meta name=\"robots\" content=\"noindex, nofollow\"><title>403 Forbidden</title></head><body>"
                    + "<main><h1>403 Forbidden</h1><p>This form could not be verified: the page was open too long or "
                    + "did not come from this console. <a href=\"" + ProviderConnectionsController.PAGE
                    + "\">Reload the page</a> and try again.</p></main></body></html>")
                    .getBytes(StandardCharsets.UTF_8));
        };
    }
}
