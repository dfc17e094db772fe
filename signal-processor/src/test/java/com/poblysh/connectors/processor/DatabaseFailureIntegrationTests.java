package com.poblysh.connectors.processor;

import static com.poblysh.connectors.processor.TestPipeline.WAIT;
import static com.poblysh.connectors.processor.TestPipeline.githubEvent;
import static com.poblysh.connectors.processor.TestPipeline.issueOpened;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import org.apache.kafka.clients.producer.RecordMetadata;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * How database failures are retried, simulated by a test-only trigger that refuses inserts of one tenant's signals
 * with a chosen SQLSTATE and counts the attempts in a sequence (sequences survive the rollback).
 */
@ProcessorIntegrationTest
class DatabaseFailureIntegrationTests {

    @RegisterExtension
    static final TestPipeline pipeline = new TestPipeline();

    @Autowired
    JdbcClient jdbc;

    @BeforeEach
    void installFailureTrigger() {
        jdbc.sql("""
                CREATE TABLE IF NOT EXISTS test_insert_failures (
                    tenant_id uuid PRIMARY KEY, sqlstate text NOT NULL, attempts text NOT NULL)""").update();
        jdbc.sql("""
                CREATE OR REPLACE FUNCTION test_fail_signal_insert() RETURNS trigger LANGUAGE plpgsql AS $$
                DECLARE failure test_insert_failures;
                BEGIN
                    SELECT * INTO failure FROM test_insert_failures WHERE tenant_id = NEW.tenant_id;
                    IF FOUND THEN
                        PERFORM nextval(failure.attempts);
                        RAISE EXCEPTION 'simulated failure' USING ERRCODE = failure.sqlstate;
                    END IF;
                    RETURN NEW;
                END $$""").update();
        jdbc.sql("""
                CREATE OR REPLACE TRIGGER test_fail_signal_insert BEFORE INSERT ON signals
                FOR EACH ROW EXECUTE FUNCTION test_fail_signal_insert()""").update();
    }

    @Test
    void databaseOutageIsRetriedUntilItEndsAndNeverDeadLettered() {
        UUID tenant = UUID.randomUUID();
        String attempts = failInserts(tenant, "53300"); // too_many_connections
        String delivery = UUID.randomUUID().toString();
        try {
            pipeline.send(githubEvent(tenant, "issues", delivery, issueOpened("During the outage", Instant.now())));

            await().atMost(WAIT).until(() -> attempts(attempts) >= 4);
            assertThat(signalCount(tenant)).isZero();
            assertThat(pipeline.deadLetters(tenant.toString())).isEmpty();
        } finally {
            jdbc.sql("DELETE FROM test_insert_failures WHERE tenant_id = ?").param(tenant).update();
        }

        await().atMost(WAIT).until(() -> signalCount(tenant) == 1);
        assertThat(pipeline.deadLetters(tenant.toString())).isEmpty();
    }

    @Test
    void unexpectedDatabaseErrorIsRetriedAFewTimesThenDeadLetteredAndLoggedWithItsStackTrace() {
        UUID tenant = UUID.randomUUID();
        String attempts = failInserts(tenant, "P0001"); // raise_exception: neither an outage nor bad data
        String marker = UUID.randomUUID().toString();
        List<ILoggingEvent> logged;
        try (CapturedLogs logs = CapturedLogs.start()) {
            RecordMetadata refused = pipeline.send(githubEvent(tenant, "issues", UUID.randomUUID().toString(),
                    issueOpened("Refused", Instant.now())));

            var dead = await().atMost(WAIT)
                    .until(() -> pipeline.deadLetters(tenant.toString()), found -> !found.isEmpty());
            assertThat(new String(dead.get(0).headers().lastHeader("kafka_dlt-exception-message").value(),
                    StandardCharsets.UTF_8)).contains("simulated failure");
            // Each delivery tries the batch, then the record alone: 1 delivery + 3 retries.
            assertThat(attempts(attempts)).isEqualTo(8);
            assertThat(signalCount(tenant)).isZero();

            // A later event of the tenant is stored once the refused one is handled, and logged.
            jdbc.sql("DELETE FROM test_insert_failures WHERE tenant_id = ?").param(tenant).update();
            pipeline.send(githubEvent(tenant, "issues", marker, issueOpened("Marker", Instant.now())));
            await().atMost(WAIT).until(() -> signalCount(tenant) == 1);
            String at = refused.topic() + "-" + refused.partition() + "@" + refused.offset();
            logged = logs.ofProcessorAndSpringKafka().stream()
                    .filter(e -> e.getFormattedMessage().contains(at)).toList();
        } finally {
            jdbc.sql("DELETE FROM test_insert_failures WHERE tenant_id = ?").param(tenant).update();
        }

        // Likely a bug, so unlike a poison record its trace is kept: once, when it is dead-lettered.
        assertThat(logged).filteredOn(e -> e.getLevel() == Level.ERROR).singleElement().satisfies(error -> {
            assertThat(error.getFormattedMessage()).contains("provider github", "tenant " + tenant,
                    "simulated failure");
            assertThat(causes(error.getThrowableProxy())).anySatisfy(
                    cause -> assertThat(cause.getMessage()).contains("simulated failure"));
        });
        // Each failed attempt before it is one line.
        assertThat(logged).filteredOn(e -> e.getLevel() == Level.WARN).isNotEmpty()
                .allSatisfy(warn -> assertThat(warn.getThrowableProxy()).isNull());
    }

    /** Makes inserts of {@code tenant}'s signals fail with {@code sqlState}; answers the attempt counter's name. */
    private String failInserts(UUID tenant, String sqlState) {
        String sequence = "test_attempts_" + tenant.toString().replace("-", "");
        jdbc.sql("CREATE SEQUENCE " + sequence).update();
        jdbc.sql("INSERT INTO test_insert_failures (tenant_id, sqlstate, attempts) VALUES (?, ?, ?)")
                .params(tenant, sqlState, sequence).update();
        return sequence;
    }

    private long attempts(String sequence) {
        return jdbc.sql("SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM " + sequence)
                .query(Long.class).single();
    }

    private static List<IThrowableProxy> causes(IThrowableProxy trace) {
        List<IThrowableProxy> causes = new ArrayList<>();
        for (IThrowableProxy t = trace; t != null; t = t.getCause()) {
            causes.add(t);
        }
        return causes;
    }

    private int signalCount(UUID tenant) {
        return jdbc.sql("SELECT count(*) FROM signals WHERE tenant_id = ?").param(tenant).query(Integer.class).single();
    }
}
