package com.poblysh.connectors.processor;

import static com.poblysh.connectors.processor.TestPipeline.WAIT;
import static com.poblysh.connectors.processor.TestPipeline.githubEvent;
import static com.poblysh.connectors.processor.TestPipeline.issueOpened;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import com.poblysh.connectors.testsupport.TestKafka;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.listener.MessageListenerContainer;

/**
 * What an operator reads when poison records are dead-lettered: an expected, handled case, so one WARN line per
 * record naming provider, tenant, topic-partition@offset and reason, and neither an ERROR nor a stack trace.
 */
@ProcessorIntegrationTest
class DeadLetterLoggingIntegrationTests {

    @RegisterExtension
    static final TestPipeline pipeline = new TestPipeline();

    @Autowired
    JdbcClient jdbc;

    @Autowired
    KafkaListenerEndpointRegistry listeners;

    @Test
    void eachPoisonRecordOfABatchIsOneWarnLineWithoutErrorsOrStackTraces() {
        UUID tenant = UUID.randomUUID();
        String before = UUID.randomUUID().toString();
        String after = UUID.randomUUID().toString();
        List<ILoggingEvent> logged;
        RecordMetadata[] poison = new RecordMetadata[3];

        try (CapturedLogs logs = CapturedLogs.start()) {
            // One batch, so every poison record has neighbours after it: the case where spring-kafka re-seeks.
            inOneBatch(() -> {
                pipeline.send(githubEvent(tenant, "issues", before, issueOpened("Before", Instant.now())));
                poison[0] = pipeline.sendBytes(tenant.toString(), "not avro".getBytes(StandardCharsets.UTF_8));
                poison[1] = pipeline.send(githubEvent(tenant, "issues", UUID.randomUUID().toString(),
                        "{\"action\": \"opened\", \"issue\": {\"title\": \"No date\"}}"));
                poison[2] = pipeline.send(githubEvent(tenant, "issues", UUID.randomUUID().toString(),
                        issueOpened("Too far back", Instant.parse("-300000-01-01T00:00:00Z"))));
                pipeline.send(githubEvent(tenant, "issues", after, issueOpened("After", Instant.now())));
            });
            // The consumer thread stores "after" only once it has handled, and logged, every record before it.
            await().atMost(WAIT).until(() -> hasSignal(tenant, after));
            logged = logs.ofProcessorAndSpringKafka();
        }

        await().atMost(WAIT).until(() -> pipeline.deadLetters(tenant.toString()), found -> found.size() == 3);
        assertThat(signals(tenant)).containsExactlyInAnyOrder("github:" + before, "github:" + after);
        assertThat(logged).filteredOn(e -> e.getLevel() == Level.ERROR).isEmpty();
        assertThat(logged).filteredOn(e -> e.getThrowableProxy() != null).isEmpty();
        // Lines about the tenant's records; pausing the container may add spring-kafka's own rebalance notes.
        assertThat(logged).filteredOn(e -> e.getLevel().isGreaterOrEqual(Level.WARN))
                .filteredOn(e -> e.getFormattedMessage().contains(tenant.toString())).satisfiesExactly(
                line(poison[0], "unknown", tenant, "SerializationException: Unknown magic byte"),
                line(poison[1], "github", tenant, "payload lacks a timestamp at /issue/created_at"),
                line(poison[2], "github", tenant, "out of range"));
    }

    /** Holds the listener back while {@code sends} run, so the records it then polls come as one batch. */
    private void inOneBatch(Runnable sends) {
        MessageListenerContainer container = listeners.getListenerContainer("raw-events");
        // Once every consumer of the group holds partitions, no rebalance redelivers the batch halfway.
        await().atMost(WAIT).until(() -> everyConsumerAssigned(container));
        container.pause();
        try {
            await().atMost(WAIT).until(container::isContainerPaused);
            sends.run();
        } finally {
            container.resume();
        }
    }

    private static boolean everyConsumerAssigned(MessageListenerContainer container) {
        List<? extends MessageListenerContainer> consumers =
                ((ConcurrentMessageListenerContainer<?, ?>) container).getContainers();
        int assigned = 0;
        for (MessageListenerContainer consumer : consumers) {
            Collection<TopicPartition> partitions = consumer.getAssignedPartitions();
            if (partitions == null || partitions.isEmpty()) {
                return false;
            }
            assigned += partitions.size();
        }
        return assigned == TestKafka.PARTITIONS;
    }

    private static Consumer<ILoggingEvent> line(RecordMetadata record, String provider, UUID tenant, String reason) {
        return event -> {
            assertThat(event.getLevel()).isEqualTo(Level.WARN);
            assertThat(event.getFormattedMessage()).contains(at(record), "provider " + provider,
                    "tenant " + tenant, reason);
        };
    }

    /** topic-partition@offset, as the log line names the record. */
    private static String at(RecordMetadata record) {
        return record.topic() + "-" + record.partition() + "@" + record.offset();
    }

    private boolean hasSignal(UUID tenant, String delivery) {
        return signals(tenant).contains("github:" + delivery);
    }

    private List<String> signals(UUID tenant) {
        return jdbc.sql("SELECT dedupe_key FROM signals WHERE tenant_id = ?").param(tenant).query(String.class).list();
    }
}
