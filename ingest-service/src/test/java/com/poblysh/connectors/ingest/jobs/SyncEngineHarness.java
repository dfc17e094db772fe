package com.poblysh.connectors.ingest.jobs;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.poblysh.connectors.common.crypto.SecretBinding;
import com.poblysh.connectors.common.crypto.SecretCipher;
import com.poblysh.connectors.common.provider.Provider;
import com.poblysh.connectors.ingest.kafka.RawEventPublisher;
import com.poblysh.connectors.schemas.avro.RawEvent;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The real sync engine around one poll executor, for the executors' integration tests in
 * {@code ingest.polling.<provider>}: its own owner and {@link MutableClock} against the context's database and
 * broker, connections with an encrypted access token, jobs queued as Core queues them, and what was published.
 */
public final class SyncEngineHarness {

    private final SyncBench bench;
    private final JdbcClient jdbc;
    private final SecretCipher cipher;
    private final Provider provider;
    private final MutableClock clock;
    private final SyncEngine engine;

    private SyncEngineHarness(ApplicationContext context, PollExecutor executor, MutableClock clock,
            CredentialRefresher refresher) {
        this.jdbc = context.getBean(JdbcClient.class);
        this.cipher = context.getBean(SecretCipher.class);
        this.bench = new SyncBench(jdbc, context.getBean(PlatformTransactionManager.class),
                context.getBean(JsonMapper.class), context.getBean(RawEventPublisher.class));
        this.provider = executor.provider();
        this.clock = clock;
        this.engine = new SyncEngine(SyncBench.PROPERTIES, "harness/" + UUID.randomUUID().toString().substring(0, 8),
                jdbc, context.getBean(PlatformTransactionManager.class), context.getBean(JsonMapper.class),
                context.getBean(RawEventPublisher.class), Map.of(provider, executor), refresher, clock,
                new SimpleMeterRegistry());
        // jobs of this provider that earlier tests left queued would be claimed before this test's
        jdbc.sql("""
                UPDATE sync_jobs SET status = 'failed', error = '{"code": "test_cleanup"}'::jsonb,
                    lease_owner = NULL, lease_expires_at = NULL
                WHERE provider = ? AND status IN ('queued', 'running')""").param(provider.id()).update();
    }

    /** An engine running only {@code executor}, on {@code clock}, refreshing credentials with {@code refresher}. */
    public static SyncEngineHarness of(ApplicationContext context, PollExecutor executor, MutableClock clock,
            CredentialRefresher refresher) {
        return new SyncEngineHarness(context, executor, clock, refresher);
    }

    /** Runs due jobs until none is left; returns how many runs there were. */
    public int drain() {
        return SyncBench.drain(engine);
    }

    /** An active connection of the provider whose access token is {@code token}. */
    public UUID connection(UUID tenant, String token) {
        UUID id = bench.connection(tenant, provider, "active");
        storeToken(id, token);
        return id;
    }

    /** Stores {@code token} as the connection's access token, as a refresh does. */
    public void storeToken(UUID connection, String token) {
        jdbc.sql("UPDATE connections SET access_token_ciphertext = ?, updated_at = now() WHERE id = ?")
                .params(cipher.encrypt(token, SecretBinding.accessToken(connection)), connection).update();
    }

    /** Queues a job as {@code POST /connections/{id}/sync} does, due now. */
    public UUID queue(UUID tenant, UUID connection, SyncType type) {
        return bench.queue(tenant, connection, provider, type, clock.instant());
    }

    /** The job's row: {@code status}, {@code attempts}, {@code items}, {@code cursor} and {@code error} as text... */
    public Map<String, Object> job(UUID id) {
        return bench.job(id);
    }

    /** The job's stored cursor, null before its first stored page. */
    public JsonNode cursor(UUID id) {
        Object text = job(id).get("cursor");
        return text == null ? null : JsonMapper.builder().build().readTree((String) text);
    }

    /** The job's error code, null without error. */
    public String errorCode(UUID id) {
        Object text = job(id).get("error");
        return text == null ? null : JsonMapper.builder().build().readTree((String) text).path("code").asString();
    }

    /** When the job is due next. */
    public Instant scheduledAt(UUID id) {
        return ((java.sql.Timestamp) job(id).get("scheduled_at")).toInstant();
    }

    /** The job's runs, oldest first. */
    public List<Map<String, Object>> runs(UUID id) {
        return bench.runs(id);
    }

    /** Everything on {@code connectors.raw-events} for the tenant, read to the end. */
    public static List<RawEvent> published(UUID tenant) {
        return TenantRawEvents.read(tenant);
    }

    public MutableClock clock() {
        return clock;
    }
}
