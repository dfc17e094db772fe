package com.poblysh.connectors.processor;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.poblysh.connectors.common.tenancy.EventIds;
import com.poblysh.connectors.schemas.Topics;
import com.poblysh.connectors.schemas.avro.EventSource;
import com.poblysh.connectors.schemas.avro.RawEvent;
import com.poblysh.connectors.testsupport.TestKafka;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.Serializer;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Produces raw events to the test broker as ingest-service does, and reads the dead-letter topic. A test class
 * registers one ({@code @RegisterExtension static final TestPipeline pipeline = new TestPipeline();}): it opens
 * before the class's tests and closes after them.
 */
final class TestPipeline implements BeforeAllCallback, AfterAllCallback {

    /** How long a test waits for the processor to store or dead-letter what it sent. */
    static final Duration WAIT = Duration.ofSeconds(30);

    private final List<ConsumerRecord<String, byte[]>> deadLettersSeen = new ArrayList<>();
    private KafkaProducer<String, byte[]> producer;
    private Serializer<RawEvent> avro;
    private KafkaConsumer<String, byte[]> deadLetters;

    @Override
    public void beforeAll(ExtensionContext context) {
        // Values as bytes, so a test can also send what no serializer would write.
        // Up to 8 MiB, as ingest with a raised body limit produces (the topic must allow it too).
        producer = TestKafka.producer(Topics.RAW_EVENTS.valueAsBytes(),
                Map.of(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 8 * 1024 * 1024));
        avro = Topics.RAW_EVENTS.valueSerializer(TestKafka.serdes());
        deadLetters = TestKafka.consumer(Topics.RAW_EVENTS_DLT, Map.of(
                ConsumerConfig.GROUP_ID_CONFIG, "dlt-reader-" + UUID.randomUUID(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, true));
        deadLetters.subscribe(List.of(Topics.RAW_EVENTS_DLT.name()));
    }

    @Override
    public void afterAll(ExtensionContext context) {
        producer.close();
        avro.close();
        deadLetters.close();
    }

    /** A GitHub webhook event as ingest-service publishes it. */
    static RawEvent githubEvent(UUID tenant, String eventType, String deliveryId, String payload) {
        RawEvent event = event("github", tenant, eventType, deliveryId, payload);
        event.setHeaders(Map.of("X-GitHub-Event", eventType, "X-GitHub-Delivery", deliveryId));
        return event;
    }

    /** A webhook event of any provider as ingest-service publishes it. */
    static RawEvent event(String provider, UUID tenant, String eventType, String deliveryId, String payload) {
        return RawEvent.newBuilder()
                .setEventId(EventIds.eventId(provider, deliveryId))
                .setTenantId(tenant)
                .setProvider(provider)
                .setSource(EventSource.webhook)
                .setEventType(eventType)
                .setDeliveryId(deliveryId)
                .setReceivedAt(Instant.now().truncatedTo(ChronoUnit.MICROS))
                .setHeaders(Map.of())
                .setPayload(ByteBuffer.wrap(payload.getBytes(StandardCharsets.UTF_8)))
                .build();
    }

    /** An {@code issues.opened} payload with the fields the processor reads. */
    static String issueOpened(String title, Instant createdAt) {
        return """
                {"action": "opened",
                 "issue": {"number": 1347, "title": %s, "state": "open",
                           "html_url": "https://github.com/octocat/Hello-World/issues/1347",
                           "created_at": "%s", "updated_at": "%s", "user": {"login": "octocat"}},
                 "repository": {"full_name": "octocat/Hello-World"},
                 "sender": {"login": "octocat", "type": "User"}}"""
                .formatted(quoted(title), createdAt, createdAt);
    }

    RecordMetadata send(RawEvent event) {
        return sendBytes(event.getTenantId().toString(), avro.serialize(Topics.RAW_EVENTS.name(), event));
    }

    RecordMetadata sendBytes(String key, byte[] value) {
        try {
            return producer.send(new ProducerRecord<>(Topics.RAW_EVENTS.name(), key, value)).get();
        } catch (Exception e) {
            throw new IllegalStateException("Could not produce to " + Topics.RAW_EVENTS.name(), e);
        }
    }

    /** Dead-lettered records with this key seen so far (polls once more). */
    List<ConsumerRecord<String, byte[]>> deadLetters(String key) {
        deadLetters.poll(Duration.ofMillis(500)).forEach(deadLettersSeen::add);
        return deadLettersSeen.stream().filter(r -> key.equals(r.key())).toList();
    }

    private static String quoted(String text) {
        StringBuilder json = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> json.append("\\\"");
                case '\\' -> json.append("\\\\");
                default -> json.append(c < 0x20 ? String.format("\\u%04x", (int) c) : String.valueOf(c));
            }
        }
        return json.append('"').toString();
    }
}
