package com.poblysh.connectors.processor;

import static com.poblysh.connectors.processor.TestPipeline.WAIT;
import static com.poblysh.connectors.processor.TestPipeline.githubEvent;
import static com.poblysh.connectors.processor.TestPipeline.issueOpened;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.poblysh.connectors.common.tenancy.EventIds;
import com.poblysh.connectors.common.tenancy.TenantId;
import com.poblysh.connectors.schemas.avro.EventSource;
import com.poblysh.connectors.schemas.avro.RawEvent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Raw events on the real broker become signal rows in the real Postgres: once, or on the dead-letter topic. */
@ProcessorIntegrationTest
class RawEventProcessingIntegrationTests {

    @RegisterExtension
    static final TestPipeline pipeline = new TestPipeline();

    @Autowired
    JdbcClient jdbc;

    @Autowired
    MeterRegistry meters;

    @Test
    void storesAGithubIssueAsASignalWithTheFieldsOfItsPayload() {
        UUID tenant = UUID.randomUUID();
        UUID connection = UUID.randomUUID();
        String delivery = UUID.randomUUID().toString();
        Instant createdAt = Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
        RawEvent event = githubEvent(tenant, "issues", delivery, issueOpened("Found a bug", createdAt));
        event.setConnectionId(connection);

        pipeline.send(event);

        Map<String, Object> row = await().atMost(WAIT).until(() -> signals(tenant), rows -> rows.size() == 1).get(0);
        String dedupeKey = "github:" + delivery;
        assertThat(row.get("id")).isEqualTo(EventIds.signalId(TenantId.of(tenant), dedupeKey));
        assertThat(row.get("dedupe_key")).isEqualTo(dedupeKey);
        assertThat(row.get("tenant_id")).isEqualTo(tenant);
        assertThat(row.get("provider")).isEqualTo("github");
        assertThat(row.get("connection_id")).isEqualTo(connection);
        assertThat(row.get("kind")).isEqualTo("issue_created");
        assertThat(instant(row.get("occurred_at"))).isEqualTo(createdAt);
        assertThat(instant(row.get("received_at"))).isEqualTo(event.getReceivedAt());
        assertThat(row.get("actor")).isEqualTo("octocat");
        assertThat(row.get("title")).isEqualTo("Found a bug");
        assertThat(row.get("url")).isEqualTo("https://github.com/octocat/Hello-World/issues/1347");
        assertThat(row.get("source_event_id")).isEqualTo(event.getEventId());
        assertThat(row.get("payload_title")).isEqualTo("Found a bug");
        assertThat(row.get("stored_in")).asString().startsWith("signals_").isNotEqualTo("signals_default");
    }

    @Test
    void redeliveryAndReplayOfTheSameEventStoreOneSignal() {
        UUID tenant = UUID.randomUUID();
        String delivery = UUID.randomUUID().toString();
        String payload = issueOpened("Twice", Instant.now().minus(2, ChronoUnit.HOURS));
        RawEvent first = githubEvent(tenant, "issues", delivery, payload);
        RawEvent redelivered = githubEvent(tenant, "issues", delivery, payload);
        RawEvent replayed = RawEvent.newBuilder(first).setSource(EventSource.replay)
                .setReceivedAt(first.getReceivedAt().plusSeconds(3600)).build();

        pipeline.send(first);
        pipeline.send(redelivered);
        pipeline.send(replayed);
        // Same tenant, same partition: once this later event is stored, the copies before it were processed.
        String marker = UUID.randomUUID().toString();
        pipeline.send(githubEvent(tenant, "issues", marker, issueOpened("Marker", Instant.now())));

        await().atMost(WAIT).until(() -> hasSignal(tenant, "github:" + marker));
        List<Map<String, Object>> copies = signals(tenant).stream()
                .filter(row -> row.get("dedupe_key").equals("github:" + delivery)).toList();
        assertThat(copies).hasSize(1);
        assertThat(instant(copies.get(0).get("received_at"))).isEqualTo(first.getReceivedAt());
    }

    @Test
    void undecodableRecordIsDeadLetteredWithItsReasonAndTheNextEventIsStored() {
        UUID tenant = UUID.randomUUID();
        byte[] garbage = "not avro".getBytes(StandardCharsets.UTF_8);
        String next = UUID.randomUUID().toString();

        RecordMetadata poison = pipeline.sendBytes(tenant.toString(), garbage);
        pipeline.send(githubEvent(tenant, "issues", next, issueOpened("After the garbage", Instant.now())));

        await().atMost(WAIT).until(() -> hasSignal(tenant, "github:" + next));
        ConsumerRecord<String, byte[]> dead = await().atMost(WAIT)
                .until(() -> pipeline.deadLetters(tenant.toString()), found -> !found.isEmpty()).get(0);
        assertThat(dead.value()).isEqualTo(garbage);
        assertThat(header(dead, "kafka_dlt-exception-message")).containsIgnoringCase("magic byte");
        assertThat(header(dead, "kafka_dlt-exception-fqcn"))
                .isEqualTo("org.apache.kafka.common.errors.SerializationException");
        assertThat(header(dead, "kafka_dlt-original-offset")).isNotNull();
        assertThat(dead.partition()).isEqualTo(poison.partition());
        assertThat(pipeline.deadLetters(tenant.toString())).hasSize(1);
    }

    @Test
    void payloadsThatAreNotJsonOrLackRequiredFieldsAreDeadLetteredAndTheirNeighboursStored() {
        UUID tenant = UUID.randomUUID();
        String before = UUID.randomUUID().toString();
        String after = UUID.randomUUID().toString();

        pipeline.send(githubEvent(tenant, "issues", before, issueOpened("Before", Instant.now())));
        pipeline.send(githubEvent(tenant, "issues", UUID.randomUUID().toString(), "{\"action\": \"opened\", "));
        pipeline.send(githubEvent(tenant, "issues", UUID.randomUUID().toString(),
                "{\"action\": \"opened\", \"issue\": {\"title\": \"No date\"}}"));
        pipeline.send(githubEvent(tenant, "issues", after, issueOpened("After", Instant.now())));

        await().atMost(WAIT).until(() -> hasSignal(tenant, "github:" + after));
        List<ConsumerRecord<String, byte[]>> dead = await().atMost(WAIT)
                .until(() -> pipeline.deadLetters(tenant.toString()), found -> found.size() == 2);
        assertThat(dead).extracting(r -> header(r, "kafka_dlt-exception-message")).satisfiesExactly(
                reason -> assertThat(reason).contains("payload is not valid JSON"),
                reason -> assertThat(reason).contains("payload lacks a timestamp at /issue/created_at"));
        assertThat(signals(tenant)).extracting(row -> row.get("dedupe_key"))
                .containsExactlyInAnyOrder("github:" + before, "github:" + after);
    }

    @Test
    void eventThePostgresRefusesIsDeadLetteredWithoutLosingItsBatchNeighbours() {
        UUID tenant = UUID.randomUUID();
        String before = UUID.randomUUID().toString();
        String after = UUID.randomUUID().toString();

        pipeline.send(githubEvent(tenant, "issues", before, issueOpened("Before", Instant.now())));
        // A valid ISO-8601 time, but before 4713 BC, the first that PostgreSQL's timestamptz holds (times far ahead
        // are bounded by the receipt, so only the past can be out of range).
        pipeline.send(githubEvent(tenant, "issues", UUID.randomUUID().toString(),
                issueOpened("Too far back", Instant.parse("-300000-01-01T00:00:00Z"))));
        pipeline.send(githubEvent(tenant, "issues", after, issueOpened("After", Instant.now())));

        await().atMost(WAIT).until(() -> hasSignal(tenant, "github:" + after));
        ConsumerRecord<String, byte[]> dead = await().atMost(WAIT)
                .until(() -> pipeline.deadLetters(tenant.toString()), found -> !found.isEmpty()).get(0);
        assertThat(header(dead, "kafka_dlt-exception-message")).contains("out of range");
        assertThat(signals(tenant)).extracting(row -> row.get("dedupe_key"))
                .containsExactlyInAnyOrder("github:" + before, "github:" + after);
    }

    @Test
    void nulCharactersInAValidPayloadAreStoredAsReplacementCharactersInsteadOfDeadLettered() {
        UUID tenant = UUID.randomUUID();
        String delivery = UUID.randomUUID().toString();
        double sanitizedBefore = sanitizedGithubEvents();
        // A NUL, which the payload carries as its JSON escape and PostgreSQL refuses in text and jsonb, and the
        // same six characters as literal text (behind an escaped backslash), which must survive as they are.
        String title = "NUL \u0000 inside, literal \\u0000 kept";

        pipeline.send(githubEvent(tenant, "issues", delivery, issueOpened(title, Instant.now())));

        Map<String, Object> row = await().atMost(WAIT).until(() -> signals(tenant), rows -> rows.size() == 1).get(0);
        String expected = "NUL \uFFFD inside, literal \\u0000 kept";
        assertThat(row.get("dedupe_key")).isEqualTo("github:" + delivery);
        assertThat(row.get("title")).isEqualTo(expected);
        assertThat(row.get("payload_title")).isEqualTo(expected);
        // Counted once the batch is committed, so possibly just after the row is visible.
        await().atMost(WAIT).until(() -> sanitizedGithubEvents() == sanitizedBefore + 1);
        assertThat(pipeline.deadLetters(tenant.toString())).isEmpty();
    }

    @Test
    void pingIsCountedAsIgnoredAndStoresNothing() {
        UUID tenant = UUID.randomUUID();
        double ignoredBefore = ignoredGithubEvents();
        String ping = UUID.randomUUID().toString();
        String marker = UUID.randomUUID().toString();

        pipeline.send(githubEvent(tenant, "ping", ping, "{\"zen\": \"Keep it logically awesome.\", \"hook_id\": 1}"));
        pipeline.send(githubEvent(tenant, "issues", marker, issueOpened("Marker", Instant.now())));

        await().atMost(WAIT).until(() -> hasSignal(tenant, "github:" + marker));
        assertThat(signals(tenant)).hasSize(1);
        assertThat(ignoredGithubEvents()).isGreaterThanOrEqualTo(ignoredBefore + 1);
        assertThat(pipeline.deadLetters(tenant.toString())).isEmpty();
    }

    @Test
    void aCommitDatedYearsAheadIsStoredAtItsReceiptAndKeepsItsDateInThePayload() {
        UUID tenant = UUID.randomUUID();
        RawEvent push = githubEvent(tenant, "push", UUID.randomUUID().toString(), """
                {"ref": "refs/heads/main", "compare": "https://github.com/o/r/compare/a...b",
                 "repository": {"id": 1296269, "full_name": "o/r"},
                 "head_commit": {"id": "b", "timestamp": "2030-01-01T00:00:00Z"},
                 "commits": [{"id": "b", "message": "From the future", "timestamp": "2030-01-01T00:00:00Z"}],
                 "sender": {"login": "time-traveller"}}""");

        pipeline.send(push);

        Map<String, Object> row = await().atMost(WAIT).until(() -> signals(tenant), rows -> rows.size() == 1).get(0);
        assertThat(instant(row.get("occurred_at"))).isEqualTo(push.getReceivedAt());
        assertThat(row.get("stored_in")).asString().isNotEqualTo("signals_default");
        assertThat(jdbc.sql("SELECT payload -> 'head_commit' ->> 'timestamp' FROM signals WHERE tenant_id = ?")
                .param(tenant).query(String.class).single()).isEqualTo("2030-01-01T00:00:00Z");
    }

    private List<Map<String, Object>> signals(UUID tenant) {
        return jdbc.sql("""
                        SELECT s.*, s.payload -> 'issue' ->> 'title' AS payload_title, s.tableoid::regclass::text AS stored_in
                        FROM signals s WHERE s.tenant_id = ? ORDER BY s.occurred_at""")
                .param(tenant).query().listOfRows();
    }

    private boolean hasSignal(UUID tenant, String dedupeKey) {
        return signals(tenant).stream().anyMatch(row -> dedupeKey.equals(row.get("dedupe_key")));
    }

    private double ignoredGithubEvents() {
        Counter counter = meters.find(ProcessingMetrics.NAME).tags("provider", "github", "outcome", "ignored").counter();
        return counter == null ? 0 : counter.count();
    }

    private double sanitizedGithubEvents() {
        Counter counter = meters.find("poblysh.processor.events.sanitized").tags("provider", "github").counter();
        return counter == null ? 0 : counter.count();
    }

    private static Instant instant(Object timestamp) {
        return timestamp instanceof OffsetDateTime odt ? odt.toInstant() : ((java.sql.Timestamp) timestamp).toInstant();
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
