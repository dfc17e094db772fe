package com.poblysh.connectors.query.auth;

import java.util.List;

import org.springframework.http.server.PathContainer;
import org.springframework.http.server.RequestPath;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * The operator console's paths: authenticated by a signed-in operator session (Spring Security's form login,
 * {@code query.console.ConsoleSecurity}), never by the Core bearer token, so {@link TenantAuthFilter} leaves them
 * alone. Every other path keeps the bearer token and tenant header rules.
 */
public final class ConsoleRoutes {

    /** The console's pages and its sign-in and sign-out endpoints. */
    public static final List<String> PATTERNS = List.of("/admin", "/admin/**", "/login", "/logout");

    private static final List<PathPattern> COMPILED =
            PATTERNS.stream().map(PathPatternParser.defaultInstance::parse).toList();

    private ConsoleRoutes() {
    }

    /** Whether the request URI is the console's, judged like {@link PublicRoutes#isPublic(String, String)}. */
    public static boolean isConsole(String requestUri, String contextPath) {
        PathContainer path;
        try {
            path = RequestPath.parse(requestUri, contextPath).pathWithinApplication();
        } catch (IllegalArgumentException undecodable) {
            return false;
        }
        return COMPILED.stream().anyMatch(pattern -> pattern.matches(path));
    }
}
