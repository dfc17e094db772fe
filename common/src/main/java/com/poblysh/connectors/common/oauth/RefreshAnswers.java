package com.poblysh.connectors.common.oauth;

import java.time.Duration;
import java.util.Set;

import com.poblysh.connectors.common.provider.Provider;
import tools.jackson.databind.JsonNode;

/**
 * Reads a token endpoint's answer to a refresh the same way for every provider: an error code the provider uses for
 * a dead refresh token is a {@link RefreshOutcome.Rejected}; any other error, a non-2xx status or an answer without
 * access token is a {@link ProviderCallException} (the provider or the app's configuration is at fault, not the
 * connection); else the new tokens, a blank refresh token counting as none.
 */
public final class RefreshAnswers {

    private RefreshAnswers() {
    }

    /**
     * The outcome in {@code reply}.
     *
     * @param rejections the error codes meaning "this refresh token is no good", whatever the HTTP status
     */
    public static RefreshOutcome read(Provider provider, OAuthHttp.Reply reply, Set<String> rejections) {
        String error = reply.text("error");
        if (error != null && rejections.contains(error)) {
            return new RefreshOutcome.Rejected(error, null);
        }
        if (error != null) {
            throw new ProviderCallException(provider, reply.status(),
                    ProviderCallException.errorCode(error, "invalid_response"));
        }
        if (!reply.ok()) {
            throw new ProviderCallException(provider, reply.status(), "http_" + reply.status());
        }
        String accessToken = reply.text("access_token");
        if (accessToken == null || accessToken.isBlank()) {
            throw new ProviderCallException(provider, reply.status(), "invalid_response");
        }
        String refreshToken = reply.text("refresh_token");
        return new RefreshOutcome.Renewed(accessToken, refreshToken == null || refreshToken.isBlank() ? null
                : refreshToken, expiresIn(provider, reply));
    }

    private static Duration expiresIn(Provider provider, OAuthHttp.Reply reply) {
        JsonNode expiresIn = reply.json().get("expires_in");
        if (expiresIn == null || !(expiresIn.isIntegralNumber() || expiresIn.isString())) {
            return null;
        }
        try {
            long seconds = Long.parseLong(expiresIn.asString().strip());
            return seconds > 0 ? Duration.ofSeconds(seconds) : null;
        } catch (NumberFormatException e) {
            throw new ProviderCallException(provider, reply.status(), "invalid_response");
        }
    }
}
