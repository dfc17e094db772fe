package com.poblysh.connectors.ingest;

import java.util.List;
import java.util.UUID;

import com.poblysh.connectors.common.crypto.SecretBinding;
import com.poblysh.connectors.common.crypto.SecretCipher;
import com.poblysh.connectors.common.identity.ExternalIdentity;
import com.poblysh.connectors.common.provider.Provider;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Connections of the integration tests, written as query-api and provisioning write them: a {@code connections} row
 * with its webhook secret sealed for its row, and its {@code connection_bindings}.
 */
public final class TestConnections {

    private final JdbcClient jdbc;
    private final SecretCipher cipher;

    public TestConnections(JdbcClient jdbc, SecretCipher cipher) {
        this.jdbc = jdbc;
        this.cipher = cipher;
    }

    /** An active connection of {@code tenant} holding {@code secret} (null: none), bound to {@code bindings}. */
    public UUID active(UUID tenant, Provider provider, String secret, List<ExternalIdentity> bindings) {
        return insert(tenant, provider, secret, "active", bindings);
    }

    /** A connection in {@code status}. */
    public UUID insert(UUID tenant, Provider provider, String secret, String status, List<ExternalIdentity> bindings) {
        UUID id = UUID.randomUUID();
        jdbc.sql("""
                        INSERT INTO connections (id, tenant_id, provider, external_id, status, webhook_secret_ciphertext,
                                                 access_token_ciphertext)
                        VALUES (?, ?, ?, ?, ?, ?, ?)""")
                .params(id, tenant, provider.id(), "account-" + id, status,
                        secret == null ? null : cipher.encrypt(secret, SecretBinding.webhookSecret(id)),
                        cipher.encrypt("access-token-" + id, SecretBinding.accessToken(id)))
                .update();
        for (ExternalIdentity identity : bindings) {
            jdbc.sql("""
                            INSERT INTO connection_bindings (tenant_id, connection_id, provider, kind, value)
                            VALUES (?, ?, ?, ?, ?)""")
                    .params(tenant, id, identity.provider().id(), identity.kind().id(), identity.value())
                    .update();
        }
        return id;
    }

    /** The connection's status now. */
    public String status(UUID tenant, UUID connection) {
        return jdbc.sql("SELECT status FROM connections WHERE tenant_id = ? AND id = ?").params(tenant, connection)
                .query(String.class).single();
    }
}
