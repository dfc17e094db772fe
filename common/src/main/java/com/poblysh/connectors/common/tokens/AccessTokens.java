package com.poblysh.connectors.common.tokens;

import java.util.Optional;
import java.util.UUID;

import com.poblysh.connectors.common.provider.Provider;
import com.poblysh.connectors.common.tenancy.TenantId;

/**
 * The usable access token of a connection, for calls made on the tenant's behalf (polling, enrichment). Every
 * service that calls a provider reads tokens through this one interface, so refreshing lives in one place: the
 * services' implementation ({@link JdbcAccessTokens} with a {@link TokenRefresher}, see {@link TokensConfiguration})
 * renews an expired token before answering.
 */
public interface AccessTokens {

    /**
     * The decrypted access token of the tenant's active connection of {@code provider}, renewed first when it has
     * expired (or is about to) and the connection holds a refresh token; empty when the connection does not exist
     * (or belongs to another tenant), is not active, has no token, or its token has expired and cannot be renewed
     * right now.
     */
    Optional<String> accessToken(TenantId tenant, UUID connectionId, Provider provider);

    /**
     * The provider refused the token last handed out for the connection (HTTP 401): renews it once, unless another
     * caller already did.
     *
     * @return whether a token other than the refused one is now available from {@link #accessToken}
     * @throws TokenRefreshException when the provider gave no usable answer to the refresh (try again later)
     */
    default boolean renewRefused(TenantId tenant, UUID connectionId, Provider provider) {
        return false;
    }
}
