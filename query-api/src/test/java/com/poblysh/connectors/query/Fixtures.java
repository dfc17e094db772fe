package com.poblysh.connectors.query;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import com.poblysh.connectors.common.crypto.SecretCipher;
import com.poblysh.connectors.common.web.OperatorTokens;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/** Rows and requests for the integration tests: every row belongs to the tenant the test passes in. */
public final class Fixtures {

    /** The audit actor of the test token: its id, never the token. */
    public static final String ACTOR = OperatorTokens.of(List.of(QueryApiIntegrationTest.TOKEN))
            .authenticate(QueryApiIntegrationTest.TOKEN).orElseThrow();

    private Fixtures() {
    }

    /** A day ago, so rows land in a monthly partition; in microseconds, so they read back unchanged. */
    public static Instant yesterday() {
        return Instant.now().minus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.MICROS);
    }

    /** {@code request} with the test operator token and {@code tenant} as X-Tenant-Id. */
    public static MockHttpServletRequestBuilder as(UUID tenant, MockHttpServletRequestBuilder request) {
        return request.header("Authorization", "Bearer " + QueryApiIntegrationTest.TOKEN)
                .header("X-Tenant-Id", tenant.toString());
    }

    /**
     * Inserts a connection; {@code accessToken} (may be null) is sealed the way the service seals it, and the
     * webhook secret is set so revocation can be seen erasing it.
     */
    public static UUID connection(JdbcClient jdbc, SecretCipher cipher, UUID tenant, String provider, String status,
            Instant createdAt, String accessToken) {
        UUID id = UUID.randomUUID();
        jdbc.sql("""
                INSERT INTO connections (id, tenant_id, provider, external_id, display_name, status,
                                         access_token_ciphertext, refresh_token_ciphertext, webhook_secret_ciphertext,
                                         scopes, metadata, created_at, updated_at)
                VALUES (:id, :tenant, :provider, :external, 'fixture', :status, :access, :refresh, :webhook,
                        '{repo}', '{"login": "fixture"}', :created, :created)""")
                .param("id", id)
                .param("tenant", tenant)
                .param("provider", provider)
                .param("external", "ext-" + id)
                .param("status", status)
                .param("access", accessToken == null ? null
                        : cipher.encrypt(accessToken, "connections:" + id + ":access_token"))
                .param("refresh", accessToken == null ? null
                        : cipher.encrypt("refresh-" + accessToken, "connections:" + id + ":refresh_token"))
                .param("webhook", cipher.encrypt("webhook-secret", "connections:" + id + ":webhook_secret"))
                .param("created", createdAt.atOffset(ZoneOffset.UTC))
                .update();
        return id;
    }

    /** Inserts a sync job of {@code connection} (which must exist: the foreign key holds). */
    public static UUID job(JdbcClient jdbc, UUID tenant, UUID connection, String provider, String jobType,
            String status, Instant scheduledAt) {
        UUID id = UUID.randomUUID();
        jdbc.sql("""
                INSERT INTO sync_jobs (id, tenant_id, provider, connection_id, job_type, status, scheduled_at)
                VALUES (:id, :tenant, :provider, :connection, :type, :status, :scheduled)""")
                .param("id", id)
                .param("tenant", tenant)
                .param("provider", provider)
                .param("connection", connection)
                .param("type", jobType)
                .param("status", status)
                .param("scheduled", scheduledAt.atOffset(ZoneOffset.UTC))
                .update();
        return id;
    }

    /** Inserts a signal. */
    public static UUID signal(JdbcClient jdbc, UUID tenant, String provider, String kind, UUID connection,
            Instant occurredAt) {
        UUID id = UUID.randomUUID();
        jdbc.sql("""
                INSERT INTO signals (id, tenant_id, provider, connection_id, kind, occurred_at, received_at,
                                     source_event_id, dedupe_key)
                VALUES (:id, :tenant, :provider, :connection, :kind, :occurred, now(), :source, :dedupe)""")
                .param("id", id)
                .param("tenant", tenant)
                .param("provider", provider)
                .param("connection", connection)
                .param("kind", kind)
                .param("occurred", occurredAt.atOffset(ZoneOffset.UTC))
                .param("source", UUID.randomUUID())
                .param("dedupe", id.toString())
                .update();
        return id;
    }
}
