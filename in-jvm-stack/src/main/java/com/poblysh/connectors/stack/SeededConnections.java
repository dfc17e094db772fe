package com.poblysh.connectors.stack;

import java.util.Collection;
import java.util.UUID;

import com.poblysh.connectors.common.crypto.SecretBinding;
import com.poblysh.connectors.common.crypto.SecretCipher;
import com.poblysh.connectors.common.identity.ExternalIdentity;
import com.poblysh.connectors.common.provider.Provider;
import com.poblysh.connectors.common.tenancy.Uuids;
import com.poblysh.connectors.stack.InJvmStack.Service;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Connections written straight into a running stack's database, the way query-api's connect and provisioning write
 * them: an active {@code connections} row whose webhook secret is sealed with the stack's key for its row, and its
 * {@code connection_bindings}. For the local run's demo connections, the bench's tenants and the full-stack tests;
 * never a way for a service to create connections.
 */
public final class SeededConnections {

    private static final UUID NAMESPACE = UUID.fromString("2e7c1a54-9b3d-4f60-8a1e-5d4c3b2a1f09");

    private final JdbcClient jdbc;
    private final SecretCipher cipher;

    public SeededConnections(InJvmStack stack) {
        ApplicationContext ingest = stack.context(Service.INGEST);
        this.jdbc = ingest.getBean(JdbcClient.class);
        this.cipher = ingest.getBean(SecretCipher.class);
    }

    /** The id {@link #upsert} gives the tenant's connection to {@code externalId}: the same on every run. */
    public static UUID id(UUID tenant, Provider provider, String externalId) {
        return Uuids.nameBased(NAMESPACE, tenant + ":" + provider.id() + ":" + externalId);
    }

    /**
     * Creates the tenant's active connection to {@code externalId}, or brings the existing one back to active with
     * this secret, and binds it to {@code bindings} (besides any it has).
     *
     * @param webhookSecret the connection's own webhook secret; null for none (e.g. a Slack workspace, verified by
     *                      the app's signing secret)
     * @param accessToken   the provider's access token for the connection's polls; null for none (its polls then
     *                      fail as unauthorized and put it in {@code error}, as a real connection that lost its token)
     * @return the connection id, {@link #id}
     */
    public UUID upsert(UUID tenant, Provider provider, String externalId, String displayName, String webhookSecret,
            String accessToken, Collection<ExternalIdentity> bindings) {
        UUID id = id(tenant, provider, externalId);
        byte[] token = accessToken == null ? null : cipher.encrypt(accessToken, SecretBinding.accessToken(id));
        jdbc.sql("""
                        INSERT INTO connections (id, tenant_id, provider, external_id, display_name, status,
                                                 access_token_ciphertext)
                        VALUES (?, ?, ?, ?, ?, 'active', ?)
                        ON CONFLICT (id) DO UPDATE SET status = 'active', display_name = EXCLUDED.display_name,
                            access_token_ciphertext = EXCLUDED.access_token_ciphertext, updated_at = now()""")
                .params(id, tenant, provider.id(), externalId, displayName, token)
                .update();
        provisioned(tenant, id, provider, webhookSecret, bindings);
        return id;
    }

    /**
     * What provisioning writes once it created the connection's hook or subscription at the provider: the hook's
     * secret on the connection and the identities its deliveries name as bindings (besides any it has).
     */
    public void provisioned(UUID tenant, UUID connectionId, Provider provider, String webhookSecret,
            Collection<ExternalIdentity> bindings) {
        byte[] sealed = webhookSecret == null ? null
                : cipher.encrypt(webhookSecret, SecretBinding.webhookSecret(connectionId));
        int updated = jdbc.sql("""
                        UPDATE connections SET webhook_secret_ciphertext = ?, updated_at = now()
                        WHERE tenant_id = ? AND id = ? AND provider = ?""")
                .params(sealed, tenant, connectionId, provider.id())
                .update();
        if (updated != 1) {
            throw new IllegalArgumentException("tenant " + tenant + " has no " + provider + " connection "
                    + connectionId);
        }
        for (ExternalIdentity identity : bindings) {
            if (identity.provider() != provider) {
                throw new IllegalArgumentException(identity + " is no identity of " + provider);
            }
            jdbc.sql("""
                            INSERT INTO connection_bindings (tenant_id, connection_id, provider, kind, value)
                            VALUES (?, ?, ?, ?, ?)
                            ON CONFLICT DO NOTHING""")
                    .params(tenant, connectionId, provider.id(), identity.kind().id(), identity.value())
                    .update();
        }
    }
}
