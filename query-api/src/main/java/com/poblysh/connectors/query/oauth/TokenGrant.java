package com.poblysh.connectors.query.oauth;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Tokens a provider issued for one authorization. {@link #toString()} never shows them.
 *
 * @param accessToken  the access token
 * @param refreshToken the refresh token, null when the provider issues none
 * @param expiresAt    when the access token expires, null when it does not
 * @param scopes       the scopes granted (the provider's answer, else those requested)
 */
public record TokenGrant(String accessToken, String refreshToken, Instant expiresAt, List<String> scopes) {

    public TokenGrant {
        Objects.requireNonNull(accessToken, "accessToken");
        scopes = List.copyOf(scopes);
    }

    @Override
    public String toString() {
        return "TokenGrant[tokens redacted, expiresAt=" + expiresAt + ", scopes=" + scopes + "]";
    }
}
