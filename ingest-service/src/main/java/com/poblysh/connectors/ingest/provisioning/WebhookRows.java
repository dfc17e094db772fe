package com.poblysh.connectors.ingest.provisioning;

import java.util.Map;
import java.util.UUID;

import com.poblysh.connectors.common.crypto.SecretBinding;
import com.poblysh.connectors.common.crypto.SecretCipher;
import com.poblysh.connectors.common.identity.ExternalIdentity;
import com.poblysh.connectors.common.provider.Provider;
import com.poblysh.connectors.common.tenancy.TenantId;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.json.JsonMapper;

/**
 * What every provider's webhook store writes alike: a {@code connection_webhooks} row per target (repository, site),
 * its secret sealed to the row, its error, and the {@code connection_bindings} its deliveries are attributed by.
 */
public final class WebhookRows {

    private final JdbcClient jdbc;
    private final SecretCipher cipher;
    private final JsonMapper json;

    public WebhookRows(JdbcClient jdbc, SecretCipher cipher, JsonMapper json) {
        this.jdbc = jdbc;
        this.cipher = cipher;
        this.json = json;
    }

    /** What a webhook is on: its kind ({@code repository}, {@code site}), the provider's id of it and its name. */
    public record Target(String kind, String id, String name) {
    }

    /**
     * A new row for the target's webhook, replacing the target's earlier one (which the provider no longer has), with
     * {@code secret} sealed to the row; returns the row id.
     */
    public UUID replace(TenantId tenant, UUID connection, Provider provider, Target target, String secret) {
        jdbc.sql("""
                        DELETE FROM connection_webhooks WHERE tenant_id = ? AND connection_id = ? AND target_kind = ?
                          AND target_id = ?""")
                .params(tenant.value(), connection, target.kind(), target.id()).update();
        UUID id = UUID.randomUUID();
        jdbc.sql("""
                        INSERT INTO connection_webhooks (id, tenant_id, connection_id, provider, target_kind, target_id,
                                                         target_name, secret_ciphertext)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(id, tenant.value(), connection, provider.id(), target.kind(), target.id(), target.name(),
                        cipher.encrypt(secret, SecretBinding.hookSecret(id)))
                .update();
        return id;
    }

    /** Binds the connection to {@code identity}, so deliveries naming it are attributed to the connection. */
    public void bind(TenantId tenant, UUID connection, ExternalIdentity identity) {
        jdbc.sql("""
                        INSERT INTO connection_bindings (tenant_id, connection_id, provider, kind, value)
                        VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING""")
                .params(tenant.value(), connection, identity.provider().id(), identity.kind().id(), identity.value())
                .update();
    }

    /** What went wrong with the webhook's last action ({@code {code, message, at}}). */
    public void failed(UUID id, Map<String, Object> error) {
        jdbc.sql("""
                        UPDATE connection_webhooks SET last_error = CAST(? AS jsonb), updated_at = now()
                        WHERE id = ?""")
                .params(json.writeValueAsString(error), id).update();
    }
}
