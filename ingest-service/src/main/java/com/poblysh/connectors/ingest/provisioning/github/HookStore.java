package com.poblysh.connectors.ingest.provisioning.github;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.poblysh.connectors.common.crypto.SecretCipher;
import com.poblysh.connectors.common.identity.ExternalIdentity;
import com.poblysh.connectors.common.identity.IdentityKind;
import com.poblysh.connectors.common.provider.Provider;
import com.poblysh.connectors.common.tenancy.TenantId;
import com.poblysh.connectors.ingest.provisioning.WebhookRows;
import com.poblysh.connectors.ingest.provisioning.WebhookRows.Target;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.json.JsonMapper;

/**
 * A connection's GitHub hooks in {@code connection_webhooks}, one row per repository, with the binding
 * ({@code connection_bindings}, kind {@code repository}) that lets the hook's deliveries be attributed to the
 * connection. A row is written, with its secret and binding, before the hook is created at GitHub, so the
 * {@code ping} GitHub sends at once already verifies.
 */
final class HookStore {

    static final String TARGET_KIND = "repository";

    /** A stored hook; {@code externalId} null while GitHub has none for it. */
    record Hook(UUID id, String repositoryId, String fullName, String externalId, String apiUrl,
            Long sweepCursor) {
    }

    private final JdbcClient jdbc;
    private final WebhookRows rows;

    HookStore(JdbcClient jdbc, SecretCipher cipher, JsonMapper json) {
        this.jdbc = jdbc;
        this.rows = new WebhookRows(jdbc, cipher, json);
    }

    List<Hook> hooks(TenantId tenant, UUID connection) {
        return jdbc.sql("""
                        SELECT id, target_id, target_name, external_id, api_url, sweep_cursor FROM connection_webhooks
                        WHERE tenant_id = ? AND connection_id = ? AND provider = 'github' AND target_kind = ?
                        ORDER BY created_at, id""")
                .params(tenant.value(), connection, TARGET_KIND)
                .query((rs, n) -> new Hook(rs.getObject("id", UUID.class), rs.getString("target_id"),
                        rs.getString("target_name"), rs.getString("external_id"), rs.getString("api_url"),
                        rs.getObject("sweep_cursor", Long.class)))
                .list();
    }

    /**
     * A new row for the repository's hook (replacing one without a GitHub hook), its secret sealed to the row, and the
     * repository's binding; returns the row id.
     */
    UUID prepare(TenantId tenant, UUID connection, String repositoryId, String fullName, String secret) {
        UUID id = rows.replace(tenant, connection, Provider.GITHUB, new Target(TARGET_KIND, repositoryId, fullName),
                secret);
        rows.bind(tenant, connection, ExternalIdentity.of(IdentityKind.GITHUB_REPOSITORY, repositoryId));
        return id;
    }

    /** GitHub created (or let us adopt) the hook: its id and URL, renewed now, no error. */
    void created(UUID id, String externalId, String apiUrl, Instant now) {
        jdbc.sql("""
                        UPDATE connection_webhooks SET external_id = ?, api_url = ?, last_renewed_at = ?,
                            last_error = NULL, updated_at = now()
                        WHERE id = ?""")
                .params(externalId, apiUrl, at(now), id).update();
    }

    /** The hook is still there as created. */
    void renewed(UUID id, Instant now) {
        jdbc.sql("UPDATE connection_webhooks SET last_renewed_at = ?, last_error = NULL, updated_at = now() WHERE id = ?")
                .params(at(now), id).update();
    }

    /** What went wrong with the hook's last action ({@code {code, message, at}}). */
    void failed(UUID id, Map<String, Object> error) {
        rows.failed(id, error);
    }

    /** The sweeper looked at the hook's deliveries up to GitHub's delivery id {@code cursor}. */
    void swept(UUID id, long cursor) {
        jdbc.sql("UPDATE connection_webhooks SET sweep_cursor = ?, updated_at = now() WHERE id = ?")
                .params(cursor, id).update();
    }

    /** The hook and the repository's binding are gone: its deliveries are no longer the connection's. */
    void remove(TenantId tenant, UUID connection, Hook hook) {
        jdbc.sql("DELETE FROM connection_webhooks WHERE id = ?").params(hook.id()).update();
        jdbc.sql("""
                        DELETE FROM connection_bindings WHERE tenant_id = ? AND connection_id = ? AND provider = ?
                          AND kind = ? AND value = ?""")
                .params(tenant.value(), connection, Provider.GITHUB.id(), IdentityKind.GITHUB_REPOSITORY.id(),
                        hook.repositoryId())
                .update();
    }

    private static OffsetDateTime at(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }
}
