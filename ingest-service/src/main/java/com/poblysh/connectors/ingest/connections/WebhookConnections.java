package com.poblysh.connectors.ingest.connections;

import java.util.Collection;
import java.util.List;
import java.util.UUID;

import com.poblysh.connectors.common.identity.ExternalIdentity;
import com.poblysh.connectors.common.provider.Provider;
import com.poblysh.connectors.common.tenancy.TenantId;

/**
 * The connections webhook deliveries are verified with and attributed to: each active connection's decrypted
 * webhook secret ({@code connections.webhook_secret_ciphertext}) and the identities it is bound to
 * ({@code connection_bindings}). Every method may throw {@link org.springframework.dao.DataAccessException} when the
 * database cannot be asked.
 */
public interface WebhookConnections {

    /** The tenant's active connections of {@code provider}, oldest first; empty when it has none. */
    List<WebhookConnection> active(TenantId tenant, Provider provider);

    /**
     * The active connections of {@code provider}, of every tenant, bound to at least one of {@code identities}
     * (oldest first, each once): how a delivery to a provider's one app URL (Slack) finds its tenants.
     */
    List<TenantConnection> boundTo(Provider provider, Collection<ExternalIdentity> identities);

    /** Whether {@code connectionId} is a connection of the tenant and provider, whatever its status. */
    boolean exists(TenantId tenant, Provider provider, UUID connectionId);

    /**
     * Forgets what this instance keeps of the provider's connections of {@code tenant} (and of every identity lookup
     * of the provider), after a change it made itself, e.g. a revocation; other instances see it within the cache's
     * time to live.
     */
    void forget(TenantId tenant, Provider provider);
}
