package com.poblysh.connectors.ingest.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;

import com.poblysh.connectors.common.kafka.KafkaPipelineProperties;
import com.poblysh.connectors.ingest.IngestApplication;
import com.poblysh.connectors.ingest.IngestProperties;
import com.poblysh.connectors.schemas.AvroWireSerializer;
import com.poblysh.connectors.schemas.Topic;
import com.poblysh.connectors.schemas.Topics;
import com.poblysh.connectors.schemas.avro.RawEvent;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.springframework.boot.kafka.autoconfigure.DefaultKafkaProducerFactoryCustomizer;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.util.unit.DataSize;

/** ingest-service declares the topic it writes, sized for its body limit, and writes it with the topic's serdes. */
class KafkaTopicsConfigurationTests {

    private final ApplicationContextRunner context = new ApplicationContextRunner()
            .withUserConfiguration(KafkaTopicsConfiguration.class, RawEventSerdesConfiguration.class)
            .withBean(KafkaPipelineProperties.class, () -> new KafkaPipelineProperties("http://127.0.0.1:1", 12,
                    (short) 3))
            .withBean(IngestProperties.class, () -> new IngestProperties(DataSize.ofMegabytes(2),
                    Duration.ofSeconds(5), Duration.ofSeconds(30)));

    @Test
    void declaresExactlyTheTopicsItWrites() {
        context.run(context -> assertThat(context.getBeansOfType(NewTopic.class).values()).map(NewTopic::name)
                .containsExactlyInAnyOrderElementsOf(Topics.ALL.stream()
                        .filter(topic -> topic.owner().equals(IngestApplication.NAME)).map(Topic::name).toList())
                .containsExactly(Topics.RAW_EVENTS.name()));
    }

    @Test
    void theRawEventTopicTakesTheLargestBodyAndNeedsTwoReplicasInSync() {
        context.run(context -> {
            NewTopic topic = context.getBean(NewTopic.class);

            assertThat(topic.numPartitions()).isEqualTo(12);
            assertThat(topic.replicationFactor()).isEqualTo((short) 3);
            assertThat(topic.configs()).containsAllEntriesOf(Map.of(
                    "max.message.bytes", Integer.toString(2 * 1024 * 1024 + 64 * 1024),
                    "min.insync.replicas", "2",
                    // A rebuild replays the topic: compaction by tenant key would keep one event per tenant.
                    "cleanup.policy", "delete"));
        });
    }

    @Test
    void theProducerWritesWithTheSerdesOfTheRawEventTopic() {
        context.run(context -> {
            DefaultKafkaProducerFactory<String, RawEvent> factory = new DefaultKafkaProducerFactory<>(Map.of());
            context.getBeanProvider(DefaultKafkaProducerFactoryCustomizer.class).orderedStream()
                    .forEach(customizer -> customizer.customize(factory));

            assertThat(factory.getKeySerializer()).isInstanceOf(StringSerializer.class);
            assertThat(factory.getValueSerializer()).isInstanceOf(
                    AvroWireSerializer.class);
            assertThat(factory.getConfigurationProperties()).containsEntry("max.request.size",
                    2 * 1024 * 1024 + 64 * 1024);
        });
    }
}
