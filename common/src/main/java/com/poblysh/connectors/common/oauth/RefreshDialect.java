package com.poblysh.connectors.common.oauth;

import com.poblysh.connectors.common.provider.Provider;

/**
 * One provider's refresh-token grant: how a stored refresh token becomes new tokens at its token endpoint and how it
 * says the refresh token is no good. Each provider's implementation is a bean in its own package,
 * {@code common.oauth.<provider>} (e.g. {@code common.oauth.microsoftgraph}); the token refresher
 * ({@code common.tokens.TokenRefresher}) is the only caller.
 */
public interface RefreshDialect {

    /** The provider this dialect speaks for. */
    Provider provider();

    /**
     * Asks the provider for new tokens.
     *
     * @return {@link RefreshOutcome.Renewed} with the new tokens, or {@link RefreshOutcome.Rejected} when the
     *         provider refuses this refresh token for good (expired, revoked, rotated away)
     * @throws ProviderCallException when the provider gave no usable answer (down, slow, misconfigured app): worth
     *                               trying again later
     */
    RefreshOutcome refresh(OAuthHttp http, OAuthClientProperties.Client client, String refreshToken);
}
