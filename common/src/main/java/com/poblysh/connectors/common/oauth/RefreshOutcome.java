package com.poblysh.connectors.common.oauth;

import java.time.Duration;
import java.util.Objects;

/** What a token endpoint answered to a refresh: new tokens, or a refusal of the refresh token for good. */
public sealed interface RefreshOutcome {

    /**
     * New tokens. {@link #toString()} never shows them.
     *
     * @param accessToken  the new access token
     * @param refreshToken the new refresh token when the provider rotated it; null when the answer carries none and
     *                     the stored one stays valid
     * @param expiresIn    the new access token's lifetime; null when the provider says none
     */
    record Renewed(String accessToken, String refreshToken, Duration expiresIn) implements RefreshOutcome {

        public Renewed {
            Objects.requireNonNull(accessToken, "accessToken");
        }

        @Override
        public String toString() {
            return "Renewed[tokens redacted, rotated=" + (refreshToken != null) + ", expiresIn=" + expiresIn + "]";
        }
    }

    /**
     * The provider refuses the refresh token (RFC 6749 {@code invalid_grant} or the provider's name for it): only
     * connecting again helps.
     *
     * @param providerError the provider's error code, e.g. {@code bad_refresh_token}
     * @param detail        a provider-specific code that says more (Microsoft's {@code AADSTS700082}), or null
     */
    record Rejected(String providerError, String detail) implements RefreshOutcome {

        public Rejected {
            Objects.requireNonNull(providerError, "providerError");
        }
    }
}
