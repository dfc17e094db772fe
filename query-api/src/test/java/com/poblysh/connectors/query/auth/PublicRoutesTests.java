package com.poblysh.connectors.query.auth;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PublicRoutesTests {

    @ParameterizedTest
    @ValueSource(strings = {"/healthz", "/readyz", "/providers", "/connect/github/callback",
            "/connect/microsoft_graph/callback", "/v3/api-docs", "/v3/api-docs/swagger-config", "/v3/api-docs.yaml",
            "/swagger-ui.html",
            "/swagger-ui/index.html", "/actuator/health", "/actuator/health/readiness", "/actuator/prometheus",
            "/%68ealthz"})
    void letsPublicPathsThrough(String path) {
        assertThat(isPublic(path)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/", "/signals", "/signals/1", "/connections", "/jobs", "/connect/github",
            "/connect/github/callback/extra", "/connect/callback", "/healthz/x", "/healthzz", "/providers/github",
            "/actuator/env", "/actuator/prometheus/x", "/swagger-uix", "/error", "/signals;healthz"})
    void requiresAuthenticationEverywhereElse(String path) {
        assertThat(isPublic(path)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/api/healthz", "/api/connect/slack/callback"})
    void matchesWithinTheContextPath(String uri) {
        assertThat(PublicRoutes.isPublic(uri, "/api")).isTrue();
    }

    @Test
    void treatsAnUndecodablePathAsProtected() {
        assertThat(isPublic("/healthz%zz")).isFalse();
        assertThat(isPublic("/connect/%E0%A4%A/callback")).isFalse();
    }

    private static boolean isPublic(String uri) {
        return PublicRoutes.isPublic(uri, "");
    }
}
