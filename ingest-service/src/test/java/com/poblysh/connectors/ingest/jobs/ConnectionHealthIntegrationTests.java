package com.poblysh.connectors.ingest.jobs;

import static com.poblysh.connectors.ingest.jobs.SyncBench.drain;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import com.poblysh.connectors.common.crypto.SecretBinding;
import com.poblysh.connectors.common.crypto.SecretCipher;
import com.poblysh.connectors.common.provider.Provider;
import com.poblysh.connectors.common.tenancy.TenantId;
import com.poblysh.connectors.common.tokens.AccessTokens;
import com.poblysh.connectors.ingest.IngestIntegrationTest;
import com.poblysh.connectors.testsupport.FakeTokenEndpoints;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * What a sync's end tells about its connection ({@code last_synced_at}, {@code last_error}, {@code status}), and the
 * engine's 401 path through the service's own {@link CredentialRefresher} and {@link AccessTokens} against fakes of
 * the providers' token endpoints.
 */
@IngestIntegrationTest
class ConnectionHealthIntegrationTests extends JobsEngineTests {

    @Autowired
    SecretCipher cipher;

    @Autowired
    AccessTokens tokens;

    @Autowired
    CredentialRefresher serviceRefresher;

    UUID connection;

    @BeforeEach
    void aTenantWithAGithubConnection() {
        connection = bench.connection(tenant, Provider.GITHUB, "active");
        github.addItems(connection, 6);
    }

    @Test
    void aSucceededSyncRecordsWhenAndClearsTheLastError() {
        bench.execute("UPDATE connections SET last_error = '{\"code\": \"not_found\"}'::jsonb WHERE id = ?",
                connection);
        queue(connection, SyncType.FULL);

        drain(engine(CredentialRefresher.NONE));

        Map<String, Object> health = health(connection);
        assertThat(instant(health.get("last_synced_at"))).isEqualTo(MutableClock.START);
        assertThat(health).containsEntry("last_error", null).containsEntry("status", "active");
    }

    @Test
    void aPermanentFailureRecordsTheErrorAndLeavesTheConnectionActiveAndItsLastSync() {
        queue(connection, SyncType.FULL);
        drain(engine(CredentialRefresher.NONE));
        github.failAlways(PollException.permanent("not_found", "repository octo/gone does not exist"));
        clock.advance(Duration.ofHours(1));
        queue(connection, SyncType.INCREMENTAL);

        drain(engine(CredentialRefresher.NONE));

        Map<String, Object> health = health(connection);
        assertThat(health).containsEntry("status", "active");
        assertThat(instant(health.get("last_synced_at"))).isEqualTo(MutableClock.START);
        JsonNode error = json.readTree((String) health.get("last_error"));
        assertThat(error.propertyNames()).containsExactlyInAnyOrder("code", "message", "at");
        assertThat(error.get("code").asString()).isEqualTo("not_found");
        assertThat(error.get("message").asString()).isEqualTo("repository octo/gone does not exist");
        assertThat(error.get("at").asString()).isEqualTo(clock.instant().toString());
    }

    @Test
    void aRetriedFailureLeavesTheHealthAlone() {
        github.failAlways(PollException.transientFailure("timeout", "GitHub did not answer in 10 s", null));
        UUID job = queue(connection, SyncType.FULL);

        drain(engine(CredentialRefresher.NONE));

        assertThat(bench.job(job)).containsEntry("status", "queued");
        assertThat(health(connection)).containsEntry("last_error", null).containsEntry("last_synced_at", null)
                .containsEntry("status", "active");
    }

    @Test
    void aTokenRefusedAgainAfterItsRefreshPutsTheConnectionInErrorAndAudits() {
        github.failAlways(PollException.unauthorized("Bad credentials"));
        UUID job = queue(connection, SyncType.FULL);

        drain(engine((t, p, c) -> true));

        assertThat(bench.job(job)).containsEntry("status", "failed");
        Map<String, Object> health = health(connection);
        assertThat(health).containsEntry("status", "error");
        assertThat(json.readTree((String) health.get("last_error")).get("code").asString()).isEqualTo("unauthorized");
        assertThat(jdbc.sql("SELECT actor || ' ' || action FROM audit_log WHERE target_id = ?")
                .param(connection.toString()).query(String.class).list())
                .containsExactly(JobStore.AUDIT_ACTOR + " connection.error");
    }

    @Test
    void aRefreshTheProviderDidNotAnswerRetriesTheJobAndLeavesTheConnectionActive() {
        github.failAlways(PollException.unauthorized("Bad credentials"));
        UUID job = queue(connection, SyncType.FULL);

        drain(engine((t, p, c) -> {
            throw new IllegalStateException("refreshing a github token failed (http_503)");
        }));

        Map<String, Object> row = bench.job(job);
        assertThat(row).containsEntry("status", "queued");
        assertThat(json.readTree((String) row.get("error")).get("code").asString()).isEqualTo("token_refresh_failed");
        assertThat(health(connection)).containsEntry("status", "active").containsEntry("last_error", null);
    }

    @Test
    void aRefusedTokenIsRenewedByTheServiceRefresherAndThePageReadAgainWithTheNewOne() {
        UUID withTokens = connectionWithTokens("ghu_refused_" + tenant, "ghr_" + tenant);
        FakeTokenEndpoints.shared().accept(Provider.GITHUB, "ghr_" + tenant,
                FakeTokenEndpoints.Issue.rotating("ghu_renewed_" + tenant, "ghr_next_" + tenant));
        github.addItems(withTokens, 6);
        AtomicInteger refused = new AtomicInteger();
        github.hook((context, page, normal) -> {
            String token = tokens.accessToken(context.tenant(), context.connectionId(), Provider.GITHUB)
                    .orElseThrow();
            if (!token.equals("ghu_renewed_" + tenant)) {
                refused.incrementAndGet();
                throw PollException.unauthorized("Bad credentials");
            }
            return normal;
        });
        UUID job = queue(withTokens, SyncType.FULL);

        drain(engine(serviceRefresher));

        assertThat(refused).hasValue(1);
        assertThat(bench.job(job)).containsEntry("status", "succeeded");
        assertThat(FakeTokenEndpoints.shared().requestsWith("ghr_" + tenant)).hasSize(1);
        byte[] stored = jdbc.sql("SELECT refresh_token_ciphertext FROM connections WHERE id = ?").param(withTokens)
                .query(byte[].class).single();
        assertThat(cipher.decrypt(stored, SecretBinding.refreshToken(withTokens))).isEqualTo("ghr_next_" + tenant);
        assertThat(health(withTokens).get("last_synced_at")).isNotNull();
    }

    @Test
    void aRejectedRefreshTokenKeepsItsReasonOnTheConnectionWhenTheJobFails() {
        UUID withTokens = connectionWithTokens("ghu_refused_" + tenant, "ghr_revoked_" + tenant);
        github.addItems(withTokens, 2);
        github.hook((context, page, normal) -> {
            tokens.accessToken(context.tenant(), context.connectionId(), Provider.GITHUB);
            throw PollException.unauthorized("Bad credentials");
        });
        UUID job = queue(withTokens, SyncType.FULL);

        drain(engine(serviceRefresher));

        assertThat(bench.job(job)).containsEntry("status", "failed");
        Map<String, Object> health = health(withTokens);
        assertThat(health).containsEntry("status", "error");
        JsonNode error = json.readTree((String) health.get("last_error"));
        assertThat(error.get("code").asString()).isEqualTo("invalid_grant");
        assertThat(error.get("message").asString()).contains("bad_refresh_token");
        assertThat(tokens.accessToken(TenantId.of(tenant), withTokens, Provider.GITHUB)).isEmpty();
        assertThat(FakeTokenEndpoints.shared().requestsWith("ghr_revoked_" + tenant)).hasSize(1);
    }

    private SyncEngine engine(CredentialRefresher refresher) {
        return engine("health", refresher);
    }

    private UUID connectionWithTokens(String accessToken, String refreshToken) {
        UUID id = UUID.randomUUID();
        jdbc.sql("""
                        INSERT INTO connections (id, tenant_id, provider, external_id, status, access_token_ciphertext,
                                                 refresh_token_ciphertext, expires_at)
                        VALUES (?, ?, 'github', ?, 'active', ?, ?, ?)""")
                .params(id, tenant, "ext-" + id, cipher.encrypt(accessToken, SecretBinding.accessToken(id)),
                        cipher.encrypt(refreshToken, SecretBinding.refreshToken(id)),
                        Instant.now().plus(1, ChronoUnit.HOURS).atOffset(ZoneOffset.UTC))
                .update();
        return id;
    }

    private Map<String, Object> health(UUID id) {
        return jdbc.sql("SELECT status, last_synced_at, last_error::text AS last_error FROM connections WHERE id = ?")
                .param(id).query().singleRow();
    }
}
