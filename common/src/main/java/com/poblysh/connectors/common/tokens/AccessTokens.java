package com.poblysh.connectors.common.tokens;

import java.util.Optional;
import java.util.UUID;

import com.poblysh.connectors.common.provider.Provider;
import com.poblysh.connectors.common.tenancy.TenantId;

/**
 * The usable access token of a connection, for calls made on the tenant's behalf (polling, enrichment). Every
 * service that calls a provider reads tokens through this one interface, so refreshing lives in one place.
 */
public interface AccessTokens {

    /**
     * The decrypted access token of the tenant's active connection of {@code provider}; empty when the connection
     * does not exist (or belongs to another tenant), is not active, has no token or its token has expired.
     */
    Optional<String> accessToken(TenantId tenant, UUID connectionId, Provider provider);

    /**
     * Forgets what is known of the connection's token, so the next {@link #accessToken} reads it afresh: called when
     * the provider refused the token, since a refresh stores a new one that a cached copy would hide.
     */
    default void evict(UUID connectionId) {
    }
}
