package com.poblysh.connectors.processor;

import static com.poblysh.connectors.processor.TestPipeline.WAIT;
import static com.poblysh.connectors.processor.TestPipeline.githubEvent;
import static com.poblysh.connectors.processor.TestPipeline.issueOpened;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
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

    /** Too many connections, read-only after a failover, a revoked grant: the database's state, not the event's. */
    @ParameterizedTest
    @ValueSource(strings = {"53300", "25006", "42501"})
    void databaseErrorsAreRetriedUntilTheyEndAndNeverDeadLettered(String sqlState) {
        UUID tenant = UUID.randomUUID();
        String attempts = failInserts(tenant, sqlState);
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

    private int signalCount(UUID tenant) {
        return jdbc.sql("SELECT count(*) FROM signals WHERE tenant_id = ?").param(tenant).query(Integer.class).single();
    }
}
