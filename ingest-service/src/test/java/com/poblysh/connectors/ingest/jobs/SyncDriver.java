package com.poblysh.connectors.ingest.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;

import com.poblysh.connectors.common.crypto.SecretBinding;
import com.poblysh.connectors.common.crypto.SecretCipher;
import com.poblysh.connectors.common.provider.Provider;
import com.poblysh.connectors.common.tenancy.TenantId;
import com.poblysh.connectors.common.tokens.AccessTokens;
import com.poblysh.connectors.ingest.kafka.RawEventPublisher;
import com.poblysh.connectors.schemas.avro.EventSource;
import com.poblysh.connectors.schemas.avro.RawEvent;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The sync engine for the poll executors' integration tests outside this package: one engine with its own owner,
 * a {@link MutableClock}, the executor under test and a refresher, against the integration context's database and
 * broker; the rows it writes; what it published. Built on the engine's own test bench.
 */
public final class SyncDriver {

    private final SyncBench bench;
    private final JdbcClient jdbc;
    private final SecretCipher cipher;
    private final JsonMapper json;
    private final MutableClock clock = new MutableClock();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private SyncEngine engine;

    private SyncDriver(SyncBench bench, JdbcClient jdbc, SecretCipher cipher, JsonMapper json) {
        this.bench = bench;
        this.jdbc = jdbc;
        this.cipher = cipher;
        this.json = json;
    }

    /** A driver on {@code context}'s database and broker; earlier tests' queued GitHub jobs are failed first. */
    public static SyncDriver on(ApplicationContext context) {
        return on(context, Provider.GITHUB);
    }

    /** A driver on {@code context}'s database and broker; earlier tests' queued jobs of {@code provider} are failed. */
    public static SyncDriver on(ApplicationContext context, Provider provider) {
        JdbcClient jdbc = context.getBean(JdbcClient.class);
        JsonMapper json = context.getBean(JsonMapper.class);
        SyncBench bench = new SyncBench(jdbc, context.getBean(PlatformTransactionManager.class), json,
                context.getBean(RawEventPublisher.class));
        bench.clearLeftovers(provider);
        return new SyncDriver(bench, jdbc, context.getBean(SecretCipher.class), json);
    }

    /** The engine's clock, to give the executor and to move; starts at {@link MutableClock#START}. */
    public MutableClock clock() {
        return clock;
    }

    /** Runs {@code executor}'s jobs with {@code refresher}, reading at most {@code maxPagesPerRun} pages a run. */
    public SyncDriver engine(PollExecutor executor, CredentialRefresher refresher, int maxPagesPerRun) {
        engine = bench.engine("driver", executor, clock, SyncBench.properties(maxPagesPerRun), refresher, meters);
        return this;
    }

    /** An active connection of {@code provider} without a token. */
    public UUID connection(UUID tenant, Provider provider) {
        return bench.connection(tenant, provider, "active");
    }

    /** An active connection of {@code provider} whose access token is {@code token}. */
    public UUID connection(UUID tenant, Provider provider, String token) {
        UUID id = connection(tenant, provider);
        storeToken(id, token);
        return id;
    }

    /** Stores {@code token} as the connection's access token (encrypted for its row), as a refresh does. */
    public void storeToken(UUID connection, String token) {
        jdbc.sql("UPDATE connections SET access_token_ciphertext = ?, updated_at = now() WHERE id = ?")
                .params(cipher.encrypt(token, SecretBinding.accessToken(connection)), connection).update();
    }

    /**
     * The connections' stored tokens, read on every call: the service's own {@link AccessTokens} keeps tokens for
     * 30 s, so a token a test's refresher writes straight into the row would not be seen on the retried page.
     */
    public AccessTokens storedTokens() {
        return (TenantId tenant, UUID connection, Provider provider) -> jdbc.sql("""
                        SELECT access_token_ciphertext FROM connections
                        WHERE tenant_id = ? AND id = ? AND provider = ? AND access_token_ciphertext IS NOT NULL""")
                .params(tenant.value(), connection, provider.id())
                .query((rs, n) -> cipher.decrypt(rs.getBytes(1), SecretBinding.accessToken(connection)))
                .optional();
    }

    /** Queues a job due now, as {@code POST /connections/{id}/sync} does. */
    public UUID queue(UUID tenant, UUID connection, Provider provider, SyncType type) {
        return bench.queue(tenant, connection, provider, type, clock.instant());
    }

    /** Queues a job due now and runs due jobs until none is left; returns the job. */
    public UUID sync(UUID tenant, UUID connection, Provider provider, SyncType type) {
        UUID job = queue(tenant, connection, provider, type);
        drain();
        return job;
    }

    /** Runs due jobs until none is left; returns how many runs there were. */
    public int drain() {
        return SyncBench.drain(engine);
    }

    /** Runs one due job (one run, until it ends or hands the job back); false when none was due. */
    public boolean runNext() {
        return engine.runNext();
    }

    /** The job's row: status, attempts, items, cursor and error (JSON text), times. */
    public Map<String, Object> job(UUID id) {
        return bench.job(id);
    }

    /** The job's stored cursor; null before its first stored page. */
    public JsonNode cursor(UUID id) {
        return Optional.ofNullable((String) job(id).get("cursor")).map(json::readTree).orElse(null);
    }

    /** The job's error code; null without error. */
    public String errorCode(UUID id) {
        return Optional.ofNullable((String) job(id).get("error")).map(json::readTree)
                .map(error -> error.path("code").asString()).orElse(null);
    }

    /** When the job is due next. */
    public Instant scheduledAt(UUID id) {
        Object at = job(id).get("scheduled_at");
        return at instanceof Timestamp timestamp ? timestamp.toInstant() : (Instant) at;
    }

    /** The job's operation runs, oldest first. */
    public List<Map<String, Object>> runs(UUID id) {
        return bench.runs(id);
    }

    /** Everything on {@code connectors.raw-events} for {@code tenant} up to now. */
    public List<RawEvent> published(UUID tenant) {
        return TenantRawEvents.read(tenant);
    }

    /** The delivery ids published for {@code tenant}, in topic order. */
    public List<String> deliveryIds(UUID tenant) {
        return published(tenant).stream().map(RawEvent::getDeliveryId).toList();
    }

    /** Exactly {@code expected} (in any order, each once) was published for {@code tenant}. */
    public void assertPublished(UUID tenant, Collection<String> expected) {
        assertThat(deliveryIds(tenant)).containsExactlyInAnyOrderElementsOf(expected);
    }

    /**
     * The job succeeded on its first attempt with one item per {@code expected} delivery id, and exactly those were
     * published for {@code tenant}, each as a poll of {@code connection}; returns what was published.
     */
    public List<RawEvent> assertBackfilled(UUID tenant, UUID connection, UUID job, Collection<String> expected) {
        assertThat(job(job)).containsEntry("status", "succeeded").containsEntry("attempts", 1)
                .containsEntry("items", (long) expected.size());
        List<RawEvent> events = published(tenant);
        assertThat(events).extracting(RawEvent::getDeliveryId).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(events).allSatisfy(e -> {
            assertThat(e.getSource()).isEqualTo(EventSource.poll);
            assertThat(e.getConnectionId()).isEqualTo(connection);
        });
        return events;
    }

    /**
     * The job, rate limited on its last run, waits {@code retryAfter} without a counted attempt and without moving
     * its cursor, then succeeds on its first counted attempt; returns the cursor it waited with.
     */
    public JsonNode assertWaitsForRetryAfterThenSucceeds(UUID job, Duration retryAfter) {
        assertThat(job(job)).containsEntry("status", "queued").containsEntry("attempts", 0);
        assertThat(errorCode(job)).isEqualTo("rate_limited");
        assertThat(scheduledAt(job)).isEqualTo(clock.instant().plus(retryAfter));
        JsonNode waiting = cursor(job);
        clock.advance(retryAfter.minusSeconds(1));
        drain();
        assertThat(job(job)).containsEntry("status", "queued");
        assertThat(cursor(job)).isEqualTo(waiting);

        clock.advance(Duration.ofSeconds(1));
        drain();

        assertThat(job(job)).containsEntry("status", "succeeded").containsEntry("attempts", 1);
        return waiting;
    }

    /**
     * A refresher as the token refresher acts: counts in {@code refreshes}, lets the provider's fake take
     * {@code refreshed} ({@code atProvider}), and stores it encrypted on the connection.
     */
    public CredentialRefresher refresherTo(String refreshed, Runnable atProvider, AtomicInteger refreshes) {
        return (tenant, provider, connection) -> {
            refreshes.incrementAndGet();
            atProvider.run();
            storeToken(connection, refreshed);
            return true;
        };
    }

    /**
     * After a full sync of {@code connection}, an incremental one a quarter of an hour later with nothing new
     * succeeds, publishes nothing and costs {@code calls} more requests as {@code requests} counts them.
     */
    public void assertQuietIncrementalAfterFullSync(UUID tenant, UUID connection, Provider provider,
            IntSupplier requests, int calls) {
        sync(tenant, connection, provider, SyncType.FULL);
        int published = published(tenant).size();
        int before = requests.getAsInt();
        clock.advance(Duration.ofMinutes(15));
        UUID quiet = queue(tenant, connection, provider, SyncType.INCREMENTAL);

        drain();

        assertThat(job(quiet)).containsEntry("status", "succeeded").containsEntry("items", 0L);
        assertThat(published(tenant)).hasSize(published);
        assertThat(requests.getAsInt()).isEqualTo(before + calls);
    }

    /**
     * Times the backfill of a new connection of {@code provider} holding {@code token} through {@code executor},
     * checks that all {@code items} were published and prints items per second as a {@code BENCH} line.
     */
    public void benchBackfill(Provider provider, String token, PollExecutor executor, int items,
            IntSupplier apiCalls) {
        engine(executor, CredentialRefresher.NONE, 100);
        UUID tenant = UUID.randomUUID();
        UUID job = queue(tenant, connection(tenant, provider, token), provider, SyncType.FULL);

        long start = System.nanoTime();
        drain();
        double seconds = (System.nanoTime() - start) / 1e9;

        assertThat(job(job)).containsEntry("status", "succeeded").containsEntry("items", (long) items);
        System.out.printf("BENCH %s backfill: %d items, %d API calls, %.2f s, %.0f items/s%n", provider.id(), items,
                apiCalls.getAsInt(), seconds, items / seconds);
    }
}
