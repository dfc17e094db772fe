package com.poblysh.connectors.ingest.connections;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import javax.sql.DataSource;

import com.poblysh.connectors.common.crypto.SecretCipher;
import com.poblysh.connectors.common.provider.Provider;
import com.poblysh.connectors.common.tenancy.TenantId;
import com.poblysh.connectors.ingest.IngestIntegrationTest;
import com.poblysh.connectors.ingest.OverloadProperties;
import com.poblysh.connectors.ingest.TestConnections;
import com.poblysh.connectors.testkit.TestBindings;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.TransientDataAccessResourceException;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The secret cache under a flood of random tenant ids: it never evicts a genuine tenant's connections, and it never
 * lets such a flood take more than a few of the pool's connections at once.
 */
@IngestIntegrationTest
class WebhookSecretCacheIntegrationTests {

    @Autowired
    JdbcClient jdbc;

    @Autowired
    SecretCipher cipher;

    @Autowired
    DataSource dataSource;

    @Test
    void aFloodOfUnknownTenantsNeverEvictsAGenuineTenantsSecret() {
        JdbcWebhookConnections cache = new JdbcWebhookConnections(jdbc, cipher, Duration.ofMinutes(5),
                OverloadProperties.defaults(), Clock.systemUTC());
        UUID genuine = UUID.randomUUID();
        UUID connection = new TestConnections(jdbc, cipher).active(genuine, Provider.GITHUB, "genuine-secret",
                TestBindings.of(Provider.GITHUB));
        assertThat(cache.active(TenantId.of(genuine), Provider.GITHUB)).extracting(WebhookConnection::id)
                .containsExactly(connection);

        // More random tenants than either side of the cache holds (10,000 each).
        for (int i = 0; i <= JdbcWebhookConnections.MAX_ENTRIES; i++) {
            assertThat(cache.active(TenantId.of(UUID.randomUUID()), Provider.GITHUB)).isEmpty();
        }
        // Were the genuine tenant's entry evicted, it would be read again and found gone.
        jdbc.sql("UPDATE connections SET status = 'revoked' WHERE id = ?").params(connection).update();

        assertThat(cache.active(TenantId.of(genuine), Provider.GITHUB)).extracting(WebhookConnection::secret)
                .containsExactly("genuine-secret");
    }

    @Test
    void unknownTenantsAreLookedUpAFewAtATimeAndTheOthersAnswered503() throws Exception {
        OverloadProperties oneAtATime = new OverloadProperties(1000, 2000, 100, 500, 100_000, 64,
                Duration.ofSeconds(1), 1, Duration.ofMillis(200), Duration.ofMillis(500), 10_000);
        JdbcWebhookConnections cache = new JdbcWebhookConnections(jdbc, cipher, Duration.ofMinutes(5), oneAtATime,
                Clock.systemUTC());
        UUID known = UUID.randomUUID();
        new TestConnections(jdbc, cipher).active(known, Provider.GITHUB, "known-secret",
                TestBindings.of(Provider.GITHUB));
        assertThat(cache.active(TenantId.of(known), Provider.GITHUB)).hasSize(1);

        try (Connection locker = dataSource.getConnection()) {
            locker.setAutoCommit(false);
            try (Statement lock = locker.createStatement()) {
                lock.execute("LOCK TABLE connections IN ACCESS EXCLUSIVE MODE"); // every lookup now waits
            }
            CompletableFuture<List<WebhookConnection>> stuck = CompletableFuture.supplyAsync(
                    () -> cache.active(TenantId.of(UUID.randomUUID()), Provider.GITHUB));
            // The first lookup waits on the lock, holding the only unknown-tenant permit.
            await("a lookup waiting on the lock").atMost(Duration.ofSeconds(10)).until(() -> jdbc.sql(
                    "SELECT count(*) FROM pg_locks WHERE NOT granted AND relation = 'connections'::regclass")
                    .query(Long.class).single() > 0);

            long started = System.nanoTime();
            assertThatThrownBy(() -> cache.active(TenantId.of(UUID.randomUUID()), Provider.GITHUB))
                    .isInstanceOf(TransientDataAccessResourceException.class);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
            // A tenant the instance knows is served from its cache meanwhile.
            assertThat(cache.active(TenantId.of(known), Provider.GITHUB)).hasSize(1);

            locker.rollback();
            assertThat(stuck.get(30, TimeUnit.SECONDS)).isEmpty();
        }
    }

    @Test
    void pastItsTimeToLiveAKnownTenantIsReadAgainAndWhileTheDatabaseHangsWhatWasHeldIsUsed() throws Exception {
        AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-01-15T09:30:00Z"));
        Clock clock = new Clock() {
            @Override
            public ZoneOffset getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now.get();
            }
        };
        JdbcWebhookConnections cache = new JdbcWebhookConnections(jdbc, cipher, Duration.ofSeconds(30),
                OverloadProperties.defaults(), clock);
        UUID tenant = UUID.randomUUID();
        UUID first = new TestConnections(jdbc, cipher).active(tenant, Provider.GITHUB, "first-secret",
                TestBindings.of(Provider.GITHUB));
        assertThat(cache.active(TenantId.of(tenant), Provider.GITHUB)).hasSize(1);

        // The database hangs: past the time to live, the held connections answer within the wait.
        now.set(now.get().plusSeconds(31));
        try (Connection locker = dataSource.getConnection()) {
            locker.setAutoCommit(false);
            try (Statement lock = locker.createStatement()) {
                lock.execute("LOCK TABLE connections IN ACCESS EXCLUSIVE MODE");
            }
            long started = System.nanoTime();
            assertThat(cache.active(TenantId.of(tenant), Provider.GITHUB)).extracting(WebhookConnection::secret)
                    .containsExactly("first-secret");
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
            locker.rollback();
        }

        // A healthy database: a revocation is seen once the time to live is over.
        jdbc.sql("UPDATE connections SET status = 'revoked' WHERE id = ?").params(first).update();
        now.set(now.get().plusSeconds(31));
        await("the revocation read").atMost(Duration.ofSeconds(10))
                .until(() -> cache.active(TenantId.of(tenant), Provider.GITHUB).isEmpty());
        cache.stop();
    }
}
