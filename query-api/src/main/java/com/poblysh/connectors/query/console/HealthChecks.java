package com.poblysh.connectors.query.console;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.poblysh.connectors.common.crypto.SecretBinding;
import com.poblysh.connectors.common.crypto.SecretCipher;
import com.poblysh.connectors.common.tenancy.TenantId;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * "Run health check": an {@code operation_runs} row of kind {@value ConsoleRuns#HEALTH_CHECK}, executed at once
 * by this service from what PostgreSQL knows, without calling the provider (the sync engine exercises the token
 * at the provider; "Sync now" asks it to). The checks, in order: the connection is active, its access token is
 * stored and decrypts with the current key, it has not expired (or a refresh token can renew it), no error is
 * surfaced on the connection, and its latest finished sync did not fail. The run succeeds when every check
 * passes, else fails with the first failing check as its error code; {@code progress} lists every check.
 */
@Service
class HealthChecks {

    /** One check's outcome, as stored in {@code progress.checks}. */
    record Check(String name, boolean passed, String detail) {
    }

    private record State(String status, byte[] accessToken, boolean refreshToken, OffsetDateTime expiresAt,
            String lastErrorCode, String lastSyncStatus) {
    }

    private final JdbcClient jdbc;
    private final SecretCipher cipher;
    private final ConsoleRuns runs;
    private final Clock clock;

    HealthChecks(JdbcClient jdbc, SecretCipher cipher, ConsoleRuns runs, Clock clock) {
        this.jdbc = jdbc;
        this.cipher = cipher;
        this.runs = runs;
        this.clock = clock;
    }

    /** Runs the checks on the tenant's connection and answers the run's id. */
    UUID run(TenantId tenant, UUID connectionId, String actor) {
        Instant started = clock.instant();
        UUID run = runs.create(tenant, ConsoleRuns.HEALTH_CHECK, "running", connectionId,
                Map.of("connection_id", connectionId.toString()), actor, started);
        List<Check> checks = checks(tenant, connectionId, started);
        long failed = checks.stream().filter(c -> !c.passed()).count();
        Map<String, Object> progress = new LinkedHashMap<>();
        progress.put("connection_id", connectionId.toString());
        progress.put("checks", checks.stream().map(c -> Map.of("name", c.name(), "passed", c.passed(),
                "detail", c.detail())).toList());
        progress.put("passed", checks.size() - failed);
        progress.put("failed", failed);
        Map<String, Object> error = checks.stream().filter(c -> !c.passed()).findFirst()
                .<Map<String, Object>>map(c -> Map.of("code", c.name(), "message", c.detail(),
                        "at", clock.instant().toString()))
                .orElse(null);
        runs.finish(tenant, run, failed == 0 ? "succeeded" : "failed", progress, error, clock.instant());
        return run;
    }

    private List<Check> checks(TenantId tenant, UUID id, Instant now) {
        State state = jdbc.sql("""
                        SELECT c.status, c.access_token_ciphertext, c.refresh_token_ciphertext IS NOT NULL AS refresh,
                               c.expires_at, c.last_error ->> 'code' AS last_error_code,
                               (SELECT s.status FROM sync_jobs s
                                WHERE s.tenant_id = c.tenant_id AND s.connection_id = c.id
                                  AND s.job_type IN ('full', 'incremental') AND s.status IN ('succeeded', 'failed')
                                ORDER BY s.finished_at DESC NULLS LAST, s.scheduled_at DESC LIMIT 1) AS last_sync
                        FROM connections c WHERE c.tenant_id = :tenant AND c.id = :id""")
                .param("tenant", tenant.value())
                .param("id", id)
                .query((rs, n) -> new State(rs.getString("status"), rs.getBytes("access_token_ciphertext"),
                        rs.getBoolean("refresh"), rs.getObject("expires_at", OffsetDateTime.class),
                        rs.getString("last_error_code"), rs.getString("last_sync")))
                .single();
        List<Check> checks = new ArrayList<>();
        checks.add(new Check("connection_active", "active".equals(state.status()), "status is " + state.status()));
        checks.add(tokenReadable(id, state.accessToken()));
        boolean expired = state.expiresAt() != null && !state.expiresAt().toInstant().isAfter(now);
        checks.add(new Check("token_not_expired", !expired || state.refreshToken(),
                state.expiresAt() == null ? "the provider issued no expiry"
                        : expired ? (state.refreshToken() ? "expired; a refresh token is stored to renew it"
                                : "expired at " + state.expiresAt().toInstant() + " and no refresh token is stored")
                        : "valid until " + state.expiresAt().toInstant()));
        checks.add(new Check("no_connection_error", state.lastErrorCode() == null,
                state.lastErrorCode() == null ? "no error surfaced" : "last error: " + state.lastErrorCode()));
        checks.add(new Check("last_sync_not_failed", !"failed".equals(state.lastSyncStatus()),
                state.lastSyncStatus() == null ? "no finished sync yet" : "latest finished sync " + state.lastSyncStatus()));
        return checks;
    }

    private Check tokenReadable(UUID id, byte[] sealed) {
        if (sealed == null) {
            return new Check("access_token_readable", false, "no access token is stored");
        }
        try {
            // decrypted only to prove the key opens it; the plaintext is dropped at once
            cipher.decrypt(sealed, SecretBinding.accessToken(id));
            return new Check("access_token_readable", true, "stored and decrypts with the current key");
        } catch (IllegalArgumentException e) {
            return new Check("access_token_readable", false, "stored but does not decrypt (key rotated?)");
        }
    }
}
