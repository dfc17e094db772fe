package com.poblysh.connectors.processor.connections;

import java.util.Optional;
import java.util.UUID;

import com.poblysh.connectors.common.provider.Provider;

/** The usable access token of a connection, for calls the processor makes on the tenant's behalf (enrichment). */
public interface AccessTokens {

    /**
     * The decrypted access token of the tenant's active connection of {@code provider}; empty when the connection
     * does not exist (or belongs to another tenant), is not active, has no token or its token has expired.
     */
    Optional<String> accessToken(UUID tenant, UUID connectionId, Provider provider);
}
