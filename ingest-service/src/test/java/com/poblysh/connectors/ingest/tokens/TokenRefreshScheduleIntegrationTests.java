package com.poblysh.connectors.ingest.tokens;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import com.poblysh.connectors.common.crypto.SecretBinding;
import com.poblysh.connectors.common.crypto.SecretCipher;
import com.poblysh.connectors.common.provider.Provider;
import com.poblysh.connectors.ingest.IngestIntegrationTest;
import com.poblysh.connectors.testsupport.FakeTokenEndpoints;
import com.poblysh.connectors.testsupport.FakeTokenEndpoints.Issue;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The scheduled sweep of the running service renews what expires within ten minutes, and only that. */
@IngestIntegrationTest
class TokenRefreshScheduleIntegrationTests {

    @Autowired
    TokenRefreshSchedule schedule;

    @Autowired
    TokenRefreshProperties properties;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    SecretCipher cipher;

    @Test
    void renewsATokenExpiringInFiveMinutesAndNotOneExpiringInAnHour() {
        UUID tenant = UUID.randomUUID();
        FakeTokenEndpoints fake = FakeTokenEndpoints.shared();
        UUID soon = connection(tenant, Provider.JIRA, "jira_soon_" + tenant, "jira_r_soon_" + tenant, 5);
        UUID later = connection(tenant, Provider.SLACK, "xoxe.xoxb-later_" + tenant, "xoxe-1-later_" + tenant, 60);
        fake.accept(Provider.JIRA, "jira_r_soon_" + tenant, Issue.rotating("jira_renewed_" + tenant,
                "jira_r_next_" + tenant));
        fake.accept(Provider.SLACK, "xoxe-1-later_" + tenant, Issue.rotating("xoxe.xoxb-unwanted", "xoxe-1-unwanted"));

        schedule.sweep(Instant.now());

        assertThat(properties.ahead()).hasMinutes(10);
        assertThat(fake.requestsWith("jira_r_soon_" + tenant)).hasSize(1);
        assertThat(accessToken(soon)).isEqualTo("jira_renewed_" + tenant);
        assertThat(expiresAt(soon)).isAfter(Instant.now().plus(59, ChronoUnit.MINUTES));
        assertThat(fake.requestsWith("xoxe-1-later_" + tenant)).isEmpty();
        assertThat(accessToken(later)).isEqualTo("xoxe.xoxb-later_" + tenant);

        schedule.sweep(Instant.now());

        assertThat(fake.requestsWith("jira_r_next_" + tenant)).isEmpty();
    }

    private UUID connection(UUID tenant, Provider provider, String access, String refresh, int expiresInMinutes) {
        UUID id = UUID.randomUUID();
        jdbc.sql("""
                        INSERT INTO connections (id, tenant_id, provider, external_id, status, access_token_ciphertext,
                                                 refresh_token_ciphertext, expires_at)
                        VALUES (?, ?, ?, ?, 'active', ?, ?, ?)""")
                .params(id, tenant, provider.id(), "ext-" + id, cipher.encrypt(access, SecretBinding.accessToken(id)),
                        cipher.encrypt(refresh, SecretBinding.refreshToken(id)),
                        Instant.now().plus(expiresInMinutes, ChronoUnit.MINUTES).atOffset(ZoneOffset.UTC))
                .update();
        return id;
    }

    private String accessToken(UUID id) {
        byte[] sealed = jdbc.sql("SELECT access_token_ciphertext FROM connections WHERE id = ?").param(id)
                .query(byte[].class).single();
        return cipher.decrypt(sealed, SecretBinding.accessToken(id));
    }

    private Instant expiresAt(UUID id) {
        return jdbc.sql("SELECT expires_at FROM connections WHERE id = ?").param(id)
                .query((rs, n) -> rs.getObject(1, OffsetDateTime.class).toInstant()).single();
    }
}
