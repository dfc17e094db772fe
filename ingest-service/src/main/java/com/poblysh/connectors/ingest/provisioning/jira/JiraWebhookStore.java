package com.poblysh.connectors.ingest.provisioning.jira;

import java.net.URI;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
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
 * A connection's Jira webhooks in {@code connection_webhooks}, one row per site (target kind {@code site}, target id
 * the cloud id, target name the site's address), and the bindings ({@code connection_bindings}) that attribute their
 * deliveries to the connection: the site by cloud id and host, and the JWT issuer of the app's deliveries.
 */
final class JiraWebhookStore {

    static final String TARGET_KIND = "site";

    /** A stored webhook; {@code externalId} null while Jira has none for it. */
    record Hook(UUID id, String cloudId, String siteUrl, String externalId, Instant expiresAt) {
    }

    private final JdbcClient jdbc;
    private final WebhookRows rows;

    JiraWebhookStore(JdbcClient jdbc, SecretCipher cipher, JsonMapper json) {
        this.jdbc = jdbc;
        this.rows = new WebhookRows(jdbc, cipher, json);
    }

    List<Hook> hooks(TenantId tenant, UUID connection) {
        return jdbc.sql("""
                        SELECT id, target_id, target_name, external_id, expires_at FROM connection_webhooks
                        WHERE tenant_id = ? AND connection_id = ? AND provider = 'jira' AND target_kind = ?
                        ORDER BY created_at, id""")
                .params(tenant.value(), connection, TARGET_KIND)
                .query((rs, n) -> new Hook(rs.getObject("id", UUID.class), rs.getString("target_id"),
                        rs.getString("target_name"), rs.getString("external_id"),
                        rs.getObject("expires_at", OffsetDateTime.class) == null ? null
                                : rs.getObject("expires_at", OffsetDateTime.class).toInstant()))
                .list();
    }

    /**
     * A new row for the site's webhook (replacing one Jira no longer has) and the bindings its deliveries are
     * attributed by; returns the row id.
     */
    UUID prepare(TenantId tenant, UUID connection, String cloudId, String siteUrl, String issuer) {
        // Jira signs every delivery of an OAuth 2.0 app with the app's client secret, so a webhook has no secret of
        // its own; the column is NOT NULL and a blank secret verifies nothing (JdbcWebhookConnections skips it)
        UUID id = rows.replace(tenant, connection, Provider.JIRA, new Target(TARGET_KIND, cloudId, siteUrl), "");
        rows.bind(tenant, connection, ExternalIdentity.of(IdentityKind.JIRA_CLOUD, cloudId));
        String host = URI.create(siteUrl).getHost();
        if (host != null && ExternalIdentity.isValid(host.toLowerCase(Locale.ROOT))) {
            rows.bind(tenant, connection, ExternalIdentity.of(IdentityKind.JIRA_SITE, host.toLowerCase(Locale.ROOT)));
        }
        rows.bind(tenant, connection, ExternalIdentity.of(IdentityKind.JIRA_JWT_ISSUER, issuer));
        return id;
    }

    /** Jira registered the webhook: its id, the collection URL revocation deletes it at, its expiry, no error. */
    void created(UUID id, String externalId, URI apiUrl, Instant expiresAt, Instant now) {
        jdbc.sql("""
                        UPDATE connection_webhooks SET external_id = ?, api_url = ?, expires_at = ?,
                            last_renewed_at = ?, last_error = NULL, updated_at = now()
                        WHERE id = ?""")
                .params(externalId, apiUrl.toString(), at(expiresAt), at(now), id).update();
    }

    /** The webhook is still there and expires at {@code expiresAt} (later when it was just refreshed). */
    void kept(UUID id, Instant expiresAt, Instant renewedAt) {
        jdbc.sql("""
                        UPDATE connection_webhooks SET expires_at = COALESCE(?, expires_at),
                            last_renewed_at = COALESCE(?, last_renewed_at), last_error = NULL, updated_at = now()
                        WHERE id = ?""")
                .params(at(expiresAt), at(renewedAt), id).update();
    }

    /** What went wrong with the webhook's last action ({@code {code, message, at}}). */
    void failed(UUID id, Map<String, Object> error) {
        rows.failed(id, error);
    }

    /**
     * The token no longer reaches the site: the row goes (Jira drops an app's webhooks with its access) and with it
     * the site's bindings, so its deliveries are no longer the connection's.
     */
    void remove(TenantId tenant, UUID connection, Hook hook) {
        jdbc.sql("DELETE FROM connection_webhooks WHERE id = ?").params(hook.id()).update();
        String host = URI.create(hook.siteUrl()).getHost();
        jdbc.sql("""
                        DELETE FROM connection_bindings WHERE tenant_id = ? AND connection_id = ? AND provider = ?
                          AND ((kind = ? AND value = ?) OR (kind = ? AND value = ?))""")
                .params(tenant.value(), connection, Provider.JIRA.id(), IdentityKind.JIRA_CLOUD.id(), hook.cloudId(),
                        IdentityKind.JIRA_SITE.id(), host == null ? "" : host.toLowerCase(Locale.ROOT))
                .update();
    }

    private static OffsetDateTime at(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }
}
