package com.poblysh.connectors.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.poblysh.connectors.common.tenancy.EventIds;
import com.poblysh.connectors.schemas.Topics;
import com.poblysh.connectors.schemas.avro.EventSource;
import com.poblysh.connectors.schemas.avro.RawEvent;
import com.poblysh.connectors.testsupport.TestDatabase;
import com.poblysh.connectors.testsupport.TestDatabaseInitializer;
import com.poblysh.connectors.testsupport.TestKafka;
import com.poblysh.connectors.testsupport.TestKafkaInitializer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.Serializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;

/**
 * The command line as an operator runs it, on the real broker and Postgres: its output (run id, progress bar,
 * counts) and exit status. Nothing else consumes here, so what a replay stores is all the replay's doing.
 */
class ConnectorsAdminIntegrationTests {

    private static final Pattern RUN_ID = Pattern.compile("Operation run ([0-9a-f-]{36})");

    private static final Supplier<ConfigurableApplicationContext> CONTEXTS = () -> ConnectorsAdmin
            .processorApplication()
            .profiles("test")
            .initializers(new TestDatabaseInitializer(), new TestKafkaInitializer())
            .run();

    private static KafkaProducer<String, byte[]> producer;
    private static Serializer<RawEvent> avro;
    private static JdbcClient jdbc;

    @BeforeAll
    static void open() {
        producer = TestKafka.producer(Topics.RAW_EVENTS.valueAsBytes());
        avro = Topics.RAW_EVENTS.valueSerializer(TestKafka.serdes());
        // Migrates the test database once (the tool's context does it otherwise on its first run).
        CONTEXTS.get().close();
        jdbc = JdbcClient.create(new org.springframework.jdbc.datasource.DriverManagerDataSource(
                TestDatabase.get().url(), TestDatabase.get().user(), TestDatabase.get().password()));
    }

    @AfterAll
    static void close() {
        producer.close();
        avro.close();
    }

    @Test
    void replayPrintsItsRunIdAProgressBarWithRateAndTheCountsAndARebuildFindsNothingToChange() {
        UUID tenant = UUID.randomUUID();
        RecordMetadata first = send(tenant, event(tenant, "first"));
        for (int i = 1; i < 20; i++) {
            send(tenant, event(tenant, "event " + i));
        }
        String from = Instant.ofEpochMilli(first.timestamp()).toString();

        // At 10 records a second the run lasts about 2 s: long enough for the bar to show a rate (it needs 1 s).
        Result replay = run("replay", "--from", from, "--tenant", tenant.toString(), "--rate", "10");
        Result rebuild = run("replay", "--from", from, "--tenant", tenant.toString(), "--mode", "rebuild");

        assertThat(replay.status()).isZero();
        Matcher id = RUN_ID.matcher(replay.out());
        assertThat(id.find()).isTrue();
        assertThat(replay.out())
                .contains("replay 100%")
                .contains("20/20 ev")
                .containsPattern("\\d+(\\.\\d+)? ev/s")
                .contains("replay " + id.group(1) + " succeeded: read 20 of 20, stored 20, updated 0, skipped 0, "
                        + "failed 0")
                .containsPattern("failed 0, \\d+\\.\\d s, \\d+ ev/s");
        assertThat(count(tenant)).isEqualTo(20);
        assertThat(rebuild.status()).isZero();
        assertThat(rebuild.out()).contains("succeeded: read 20 of 20, stored 0, updated 0, skipped 20, failed 0");
        assertThat(count(tenant)).isEqualTo(20);

        Result shown = run("runs", "show", id.group(1));
        assertThat(shown.out()).contains("replay " + id.group(1) + " succeeded")
                .contains("tenant=" + tenant).contains("mode=insert-missing");
        Result lag = run("lag", "--group", "connectors-admin-replay-" + id.group(1), "--sample", "PT0S");
        assertThat(lag.out()).contains("LAST COMMIT").contains("connectors-admin-replay-" + id.group(1));
    }

    @Test
    void theToolNeverConsumesWithTheLiveGroupRunsNoQueuedRunsAndDeclaresNoTopics() {
        try (ConfigurableApplicationContext context = CONTEXTS.get()) {
            assertThat(context.getBean(KafkaListenerEndpointRegistry.class).getListenerContainer("raw-events")
                    .isRunning()).isFalse();
            assertThat(context.containsBean("operationRunWorker")).isFalse();
            assertThat(context.getEnvironment().getProperty("spring.kafka.admin.auto-create")).isEqualTo("false");
        }
    }

    @Test
    void aReplayCancelledWhileItRunsExitsWith130AndItsResumeStoresTheRestExactlyOnce() throws Exception {
        UUID tenant = UUID.randomUUID();
        RecordMetadata first = send(tenant, event(tenant, "slow 0"));
        for (int i = 1; i < 30; i++) {
            send(tenant, event(tenant, "slow " + i));
        }
        CompletableFuture<Result> replay = CompletableFuture.supplyAsync(() -> run("replay", "--from",
                Instant.ofEpochMilli(first.timestamp()).toString(), "--tenant", tenant.toString(), "--rate", "5"));
        UUID id = await().atMost(Duration.ofSeconds(60)).until(() -> jdbc.sql(
                        "SELECT id FROM operation_runs WHERE kind = 'replay' AND filters ->> 'tenant' = ? "
                                + "AND (progress ->> 'read')::bigint > 0").param(tenant.toString())
                .query(UUID.class).optional(), java.util.Optional::isPresent).orElseThrow();

        Result cancel = run("runs", "cancel", id.toString());
        Result cancelled = replay.get(60, TimeUnit.SECONDS);
        Result listed = run("runs", "list", "--kind", "replay");
        Result resumed = run("replay", "--resume", id.toString());

        assertThat(cancel.out()).contains("cancel requested");
        assertThat(cancelled.status()).isEqualTo(ConnectorsAdmin.CANCELLED);
        assertThat(cancelled.out()).contains("replay " + id + " cancelled")
                .contains("Resume with: connectors-admin replay --resume " + id);
        assertThat(listed.out()).contains("replay " + id + " cancelled");
        assertThat(resumed.status()).isZero();
        assertThat(resumed.out()).contains("replay " + id + " succeeded: read 30 of 30, stored 30");
        assertThat(count(tenant)).isEqualTo(30);
    }

    @Test
    void badInputIsRefusedWithItsReasonAndNoRun() {
        Result result = run("replay", "--from", "yesterday");

        assertThat(result.status()).isEqualTo(2);
        assertThat(result.err()).contains("not an RFC 3339 time");
        assertThat(run("replay", "--from", "2026-01-01T00:00:00Z", "--mode", "upsert").err())
                .contains("insert-missing or rebuild");
    }

    @Test
    void deadLettersAreListedShownAndRedrivenIntoSignals() {
        UUID tenant = UUID.randomUUID();
        RecordMetadata letter = sendDeadLetter(tenant, event(tenant, "was dead"),
                "InvalidPayloadException: a bug fixed since");
        sendDeadLetter(tenant, "poison".getBytes(StandardCharsets.UTF_8), "SerializationException: magic byte");

        Result list = run("dlt", "list", "--tenant", tenant.toString());
        Result show = run("dlt", "show", letter.partition() + ":" + letter.offset());
        Result redrive = run("dlt", "redrive", "--tenant", tenant.toString());
        Result after = run("dlt", "list", "--tenant", tenant.toString());

        assertThat(list.out()).contains("2 dead letter(s)").contains("a bug fixed since").contains("magic byte");
        assertThat(show.out()).contains("reason           InvalidPayloadException: a bug fixed since")
                .contains("original         connectors.raw-events 1:42").contains("was dead");
        assertThat(redrive.status()).isZero();
        assertThat(redrive.out()).contains("read 2 of ").contains("stored 1").contains("failed 1");
        assertThat(count(tenant)).isEqualTo(1);
        assertThat(after.out()).contains("redriven").contains("dead");
    }

    private record Result(int status, String out, String err) {
    }

    private static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = ConnectorsAdmin.execute(CONTEXTS, new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Result(status, out.toString(), err.toString());
    }

    private static long count(UUID tenant) {
        return jdbc.sql("SELECT count(*) FROM signals WHERE tenant_id = ?").param(tenant).query(Long.class).single();
    }

    private static byte[] event(UUID tenant, String title) {
        String delivery = UUID.randomUUID().toString();
        String created = Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS).toString();
        String payload = """
                {"action": "opened",
                 "issue": {"number": 7, "title": "%s", "state": "open",
                           "html_url": "https://github.com/octocat/Hello-World/issues/7",
                           "created_at": "%s", "updated_at": "%s", "user": {"login": "octocat"}},
                 "repository": {"full_name": "octocat/Hello-World"},
                 "sender": {"login": "octocat", "type": "User"}}""".formatted(title, created, created);
        RawEvent event = RawEvent.newBuilder()
                .setEventId(EventIds.eventId("github", delivery))
                .setTenantId(tenant)
                .setProvider("github")
                .setSource(EventSource.webhook)
                .setEventType("issues")
                .setDeliveryId(delivery)
                .setReceivedAt(Instant.now().truncatedTo(ChronoUnit.MICROS))
                .setHeaders(Map.of("X-GitHub-Event", "issues", "X-GitHub-Delivery", delivery))
                .setPayload(ByteBuffer.wrap(payload.getBytes(StandardCharsets.UTF_8)))
                .build();
        return avro.serialize(Topics.RAW_EVENTS.name(), event);
    }

    private static RecordMetadata send(UUID tenant, byte[] value) {
        return sendRecord(new ProducerRecord<>(Topics.RAW_EVENTS.name(), tenant.toString(), value));
    }

    private static RecordMetadata sendDeadLetter(UUID tenant, byte[] value, String reason) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(Topics.RAW_EVENTS_DLT.name(), tenant.toString(),
                value);
        record.headers().add("kafka_dlt-exception-message", reason.getBytes(StandardCharsets.UTF_8));
        record.headers().add("kafka_dlt-original-topic", Topics.RAW_EVENTS.name().getBytes(StandardCharsets.UTF_8));
        record.headers().add("kafka_dlt-original-partition", ByteBuffer.allocate(4).putInt(1).array());
        record.headers().add("kafka_dlt-original-offset", ByteBuffer.allocate(8).putLong(42).array());
        return sendRecord(record);
    }

    private static RecordMetadata sendRecord(ProducerRecord<String, byte[]> record) {
        try {
            return producer.send(record).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
