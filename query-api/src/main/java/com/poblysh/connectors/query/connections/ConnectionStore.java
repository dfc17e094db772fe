package com.poblysh.connectors.query.connections;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.poblysh.connectors.common.crypto.SecretBinding;
import com.poblysh.connectors.common.crypto.SecretCipher;
import com.poblysh.connectors.common.identity.ExternalIdentity;
import com.poblysh.connectors.common.provider.Provider;
import com.poblysh.connectors.common.tenancy.TenantId;
import com.poblysh.connectors.query.audit.AuditLog;
import com.poblysh.connectors.query.oauth.Connected;
import com.poblysh.connectors.query.oauth.TokenGrant;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/**
 * Stores the outcome of an OAuth connect. One connection per tenant, provider and external account: reconnecting
 * the same account reactivates and re-keys the existing connection (same id, its last error cleared), so Core's
 * references stay valid. What the connect answer says the connection covers is recorded in
 * {@code connection_bindings}.
 * Tokens are sealed with AES-256-GCM, bound to their row and column ({@link SecretBinding#accessToken},
 * {@link SecretBinding#refreshToken}), so a ciphertext copied elsewhere does not decrypt.
 */
@Component
public class ConnectionStore {

    /** Audit actor of connects: the tenant's user at the provider, arriving without an operator token. */
    static final String CALLBACK_ACTOR = "oauth_callback";

    private final JdbcClient jdbc;
    private final SecretCipher cipher;
    private final JsonMapper json;
    private final AuditLog audit;
    private final ConnectionRepository connections;

    ConnectionStore(JdbcClient jdbc, SecretCipher cipher, JsonMapper json, AuditLog audit,
            ConnectionRepository connections) {
        this.jdbc = jdbc;
        this.cipher = cipher;
        this.json = json;
        this.audit = audit;
        this.connections = connections;
    }

    /** Creates or reactivates the tenant's connection to the account in {@code connected}. */
    @Transactional
    public ConnectionView save(TenantId tenant, Provider provider, Connected connected) {
        UUID fresh = UUID.randomUUID();
        ConnectionView view = jdbc.sql("""
                        INSERT INTO connections (id, tenant_id, provider, external_id, display_name, status,
                                                 access_token_ciphertext, refresh_token_ciphertext, expires_at,
                                                 scopes, metadata)
                        VALUES (:id, :tenant, :provider, :externalId, :displayName, 'active', :access, :refresh,
                                :expiresAt, :scopes, CAST(:metadata AS jsonb))
                        ON CONFLICT (tenant_id, provider, external_id) DO NOTHING
                        RETURNING """ + " " + ConnectionRepository.COLUMNS)
                .params(values(fresh, tenant, provider, connected))
                .query((rs, n) -> ConnectionRepository.map(rs))
                .optional()
                .orElse(null);
        boolean created = view != null;
        if (!created) {
            UUID existing = jdbc.sql("SELECT id FROM connections WHERE tenant_id = :tenant AND provider = :provider"
                            + " AND external_id = :externalId FOR UPDATE")
                    .param("tenant", tenant.value())
                    .param("provider", provider.id())
                    .param("externalId", connected.account().externalId())
                    .query(UUID.class)
                    .single();
            view = jdbc.sql("""
                            UPDATE connections SET display_name = :displayName, status = 'active',
                                   access_token_ciphertext = :access, refresh_token_ciphertext = :refresh,
                                   expires_at = :expiresAt, scopes = :scopes, metadata = CAST(:metadata AS jsonb),
                                   last_error = NULL, updated_at = now()
                            WHERE tenant_id = :tenant AND id = :id
                            RETURNING """ + " " + ConnectionRepository.COLUMNS)
                    .params(values(existing, tenant, provider, connected))
                    .query((rs, n) -> ConnectionRepository.map(rs))
                    .single();
        }
        bind(tenant, provider, view.id(), connected.account().bindings());
        audit.record(tenant, CALLBACK_ACTOR, created ? "connection.created" : "connection.reconnected",
                "connection", view.id().toString(), Map.of("provider", provider.id(),
                        "external_id", connected.account().externalId()));
        return connections.find(tenant, view.id()).orElse(view); // with when it syncs next
    }

    /**
     * Records what the connect answer says the connection covers; bindings it already has (from an earlier connect
     * or from provisioning) stay.
     */
    private void bind(TenantId tenant, Provider provider, UUID connection, List<ExternalIdentity> bindings) {
        for (ExternalIdentity identity : bindings) {
            jdbc.sql("""
                            INSERT INTO connection_bindings (tenant_id, connection_id, provider, kind, value)
                            VALUES (:tenant, :connection, :provider, :kind, :value)
                            ON CONFLICT DO NOTHING""")
                    .param("tenant", tenant.value())
                    .param("connection", connection)
                    .param("provider", provider.id())
                    .param("kind", identity.kind().id())
                    .param("value", identity.value())
                    .update();
        }
    }

    private Map<String, Object> values(UUID id, TenantId tenant, Provider provider, Connected connected) {
        TokenGrant tokens = connected.tokens();
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("id", id);
        values.put("tenant", tenant.value());
        values.put("provider", provider.id());
        values.put("externalId", connected.account().externalId());
        values.put("displayName", connected.account().displayName());
        values.put("access", cipher.encrypt(tokens.accessToken(), SecretBinding.accessToken(id)));
        values.put("refresh", tokens.refreshToken() == null ? null
                : cipher.encrypt(tokens.refreshToken(), SecretBinding.refreshToken(id)));
        values.put("expiresAt", tokens.expiresAt() == null ? null : ConnectionRepository.utc(tokens.expiresAt()));
        values.put("scopes", tokens.scopes().toArray(String[]::new));
        values.put("metadata", json.writeValueAsString(connected.account().metadata()));
        return values;
    }
}
