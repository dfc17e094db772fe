package com.poblysh.connectors.query.oauth;

import java.net.URI;

import com.poblysh.connectors.common.oauth.OAuthClientProperties;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * What only the connect flow needs beyond the providers' apps ({@link OAuthClientProperties}, the same
 * {@code poblysh.oauth.*} prefix): where providers send users back.
 *
 * @param publicBaseUrl {@code POBLYSH_PUBLIC_BASE_URL}: the externally reachable base URL of this service;
 *                      callbacks are {@code <base>/connect/<provider>/callback}. Blank: connecting is unavailable
 *                      (503). Must be HTTPS except on a loopback host (local development).
 */
@Validated
@ConfigurationProperties("poblysh.oauth")
public record OAuthProperties(String publicBaseUrl) {

    public OAuthProperties {
        publicBaseUrl = publicBaseUrl == null || publicBaseUrl.isBlank() ? null : baseUrl(publicBaseUrl.strip());
    }

    private static String baseUrl(String text) {
        URI uri;
        try {
            uri = URI.create(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("POBLYSH_PUBLIC_BASE_URL is not a URL: " + text);
        }
        if (uri.getHost() == null || uri.getRawQuery() != null || uri.getRawFragment() != null
                || !("https".equals(uri.getScheme())
                        || "http".equals(uri.getScheme()) && OAuthClientProperties.isLoopback(uri))) {
            throw new IllegalArgumentException("POBLYSH_PUBLIC_BASE_URL must be an absolute https URL without query "
                    + "or fragment (http only on a loopback host), got " + text);
        }
        return text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
    }
}
