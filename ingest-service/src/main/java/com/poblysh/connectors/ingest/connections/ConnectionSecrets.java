package com.poblysh.connectors.ingest.connections;

import java.util.List;

import com.poblysh.connectors.common.provider.Provider;
import com.poblysh.connectors.common.tenancy.TenantId;

/**
 * The webhook secrets stored on a tenant's connections ({@code connections.webhook_secret_ciphertext}), decrypted.
 * Providers that sign per connection (a GitHub hook, a Jira admin webhook, a Graph subscription's clientState) are
 * verified against these first, then against the provider's configured secret.
 */
public interface ConnectionSecrets {

    /**
     * The secrets of the tenant's active connections of {@code provider}; empty when none has one.
     *
     * @throws org.springframework.dao.DataAccessException when the database cannot be asked
     */
    List<ConnectionSecret> webhookSecrets(TenantId tenant, Provider provider);
}
