package com.poblysh.connectors.query.auth;

import java.util.List;

import org.springframework.http.server.PathContainer;
import org.springframework.http.server.RequestPath;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * The route table of {@link TenantAuthFilter}: the only paths answered without an operator token and tenant.
 * Everything else is tenant-scoped, so a new endpoint is protected unless it is added here on purpose.
 */
final class PublicRoutes {

    /**
     * Contract section 1: probes, the provider catalogue, OAuth callbacks (tenant from signed state), OpenAPI.
     * A trailing {@code /**} also matches the path itself ({@code /actuator/health}, {@code /v3/api-docs}).
     */
    static final List<String> PATTERNS = List.of(
            "/healthz",
            "/readyz",
            "/providers",
            "/connect/*/callback",
            "/v3/api-docs/**",
            "/v3/api-docs.yaml",
            "/swagger-ui/**",
            "/swagger-ui.html",
            "/actuator/health/**",
            "/actuator/prometheus");

    /**
     * Tenantless operator routes: an operator token, no {@code X-Tenant-Id} (replays and redrives span tenants).
     * Never under a tenant-scoped path.
     */
    static final List<String> OPERATOR_PATTERNS = List.of("/operations/**");

    private static final List<PathPattern> COMPILED =
            PATTERNS.stream().map(PathPatternParser.defaultInstance::parse).toList();
    private static final List<PathPattern> OPERATOR_COMPILED =
            OPERATOR_PATTERNS.stream().map(PathPatternParser.defaultInstance::parse).toList();

    private PublicRoutes() {
    }

    /**
     * Whether the request URI is public, judged on the path within the application as Spring MVC routes it
     * (decoded segments, matrix variables ignored). A path that does not even decode is not public.
     */
    static boolean isPublic(String requestUri, String contextPath) {
        PathContainer path = path(requestUri, contextPath);
        return path != null && matches(path, COMPILED);
    }

    /** Whether the request URI is a tenantless operator route (judged as {@link #isPublic}). */
    static boolean isOperatorOnly(String requestUri, String contextPath) {
        PathContainer path = path(requestUri, contextPath);
        return path != null && matches(path, OPERATOR_COMPILED);
    }

    private static PathContainer path(String requestUri, String contextPath) {
        try {
            return RequestPath.parse(requestUri, contextPath).pathWithinApplication();
        } catch (IllegalArgumentException undecodable) {
            return null;
        }
    }

    private static boolean matches(PathContainer path, List<PathPattern> patterns) {
        for (PathPattern pattern : patterns) {
            if (pattern.matches(path)) {
                return true;
            }
        }
        return false;
    }
}
