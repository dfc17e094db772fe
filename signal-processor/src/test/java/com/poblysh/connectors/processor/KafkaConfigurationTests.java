package com.poblysh.connectors.processor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import com.poblysh.connectors.common.kafka.KafkaPipelineProperties;
import com.poblysh.connectors.schemas.Topic;
import com.poblysh.connectors.schemas.Topics;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.springframework.boot.kafka.autoconfigure.DefaultKafkaConsumerFactoryCustomizer;
import org.springframework.boot.kafka.autoconfigure.DefaultKafkaProducerFactoryCustomizer;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;

/**
 * The processor declares the topic it writes, the dead-letter topic, and reads and writes with the serdes of
 * {@link Topics}: raw-event values stay bytes until the listener decodes them.
 */
class KafkaConfigurationTests {

    private final ApplicationContextRunner context = new ApplicationContextRunner()
            .withUserConfiguration(KafkaConfiguration.class)
            .withBean(KafkaPipelineProperties.class, () -> new KafkaPipelineProperties("http://127.0.0.1:1", 12,
                    (short) 3));

    @Test
    void declaresExactlyTheTopicsItWrites() {
        context.run(context -> assertThat(context.getBeansOfType(NewTopic.class).values()).map(NewTopic::name)
                .containsExactlyInAnyOrderElementsOf(Topics.ALL.stream()
                        .filter(topic -> topic.owner().equals(ProcessorApplication.NAME)).map(Topic::name).toList())
                .containsExactly(Topics.RAW_EVENTS_DLT.name()));
    }

    @Test
    void theDeadLetterTopicHasThePartitionsOfTheRawEventsAndTakesWhatTheProcessorSends() {
        context.run(context -> {
            NewTopic topic = context.getBean(NewTopic.class);

            assertThat(topic.numPartitions()).isEqualTo(12);
            assertThat(topic.replicationFactor()).isEqualTo((short) 3);
            assertThat(topic.configs()).containsAllEntriesOf(Map.of(
                    "max.message.bytes", Integer.toString(64 * 1024 * 1024 + 256 * 1024),
                    "min.insync.replicas", "2"));
        });
    }

    @Test
    void readsTenantKeysAndValueBytesAndWritesDeadLettersAsTheyCame() {
        context.run(context -> {
            DefaultKafkaConsumerFactory<String, byte[]> consumers = new DefaultKafkaConsumerFactory<>(Map.of());
            context.getBean(DefaultKafkaConsumerFactoryCustomizer.class).customize(consumers);
            DefaultKafkaProducerFactory<String, byte[]> producers = new DefaultKafkaProducerFactory<>(Map.of());
            context.getBean(DefaultKafkaProducerFactoryCustomizer.class).customize(producers);

            assertThat(consumers.getKeyDeserializer()).isInstanceOf(StringDeserializer.class);
            assertThat(consumers.getValueDeserializer()).isInstanceOf(ByteArrayDeserializer.class);
            assertThat(producers.getKeySerializer()).isInstanceOf(StringSerializer.class);
            assertThat(producers.getValueSerializer()).isInstanceOf(ByteArraySerializer.class);
        });
    }
}
