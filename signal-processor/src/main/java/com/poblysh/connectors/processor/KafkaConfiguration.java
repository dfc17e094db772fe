package com.poblysh.connectors.processor;

import java.time.Instant;
import java.util.Map;

import com.poblysh.connectors.common.kafka.KafkaPipelineProperties;
import com.poblysh.connectors.schemas.SerdeConfig;
import com.poblysh.connectors.schemas.Topic;
import com.poblysh.connectors.schemas.Topics;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.TopicConfig;
import org.springframework.boot.kafka.autoconfigure.DefaultKafkaConsumerFactoryCustomizer;
import org.springframework.boot.kafka.autoconfigure.DefaultKafkaProducerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.ContainerCustomizer;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;

/**
 * The processor's side of the Kafka contract, all from {@link Topics}: it reads {@code connectors.raw-events} with
 * that topic's key deserializer and its values as bytes (the listener decodes each one, see {@link RawEventDecoder}),
 * and it writes, and so declares, {@code connectors.raw-events.dlt} with that topic's serializers.
 */
@Configuration(proxyBeanMethods = false)
class KafkaConfiguration {

    /**
     * Largest dead letter: the largest raw event ingest may ever publish (its body limit is at most
     * {@link KafkaPipelineProperties#LARGEST_WEBHOOK_BODY_BYTES}, plus the envelope) and the trimmed exception headers.
     * The producer's {@code max.request.size} and the topic's {@code max.message.bytes} are both this, so any record
     * ingest could write can be dead-lettered; a poison record that cannot be parked would stall its partition.
     */
    static final int DEAD_LETTER_MAX_RECORD_BYTES = KafkaPipelineProperties.LARGEST_WEBHOOK_BODY_BYTES + 256 * 1024;

    /** The registry client every serde of the processor shares ({@code POBLYSH_SCHEMA_REGISTRY_URL}). */
    @Bean
    SerdeConfig serdeConfig(KafkaPipelineProperties kafka) {
        return SerdeConfig.of(kafka.schemaRegistryUrl());
    }

    @Bean
    DefaultKafkaConsumerFactoryCustomizer rawEventsSerdes(SerdeConfig serdes) {
        // Values are decoded in the listener, so a poison record is one failure among good ones, not a stuck poll.
        Topic<String, byte[]> rawEvents = Topics.RAW_EVENTS.valueAsBytes();
        return factory -> {
            @SuppressWarnings("unchecked")
            DefaultKafkaConsumerFactory<String, byte[]> consumers = (DefaultKafkaConsumerFactory<String, byte[]>) factory;
            consumers.setKeyDeserializerSupplier(() -> rawEvents.keyDeserializer(serdes));
            consumers.setValueDeserializerSupplier(() -> rawEvents.valueDeserializer(serdes));
        };
    }

    @Bean
    DefaultKafkaProducerFactoryCustomizer deadLetterSerdes(SerdeConfig serdes) {
        return factory -> {
            @SuppressWarnings("unchecked")
            DefaultKafkaProducerFactory<String, byte[]> producers = (DefaultKafkaProducerFactory<String, byte[]>) factory;
            producers.setKeySerializerSupplier(() -> Topics.RAW_EVENTS_DLT.keySerializer(serdes));
            producers.setValueSerializerSupplier(() -> Topics.RAW_EVENTS_DLT.valueSerializer(serdes));
            // A record also has to fit the producer's buffer, 32 MiB by default.
            producers.updateConfigs(Map.of(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, DEAD_LETTER_MAX_RECORD_BYTES,
                    ProducerConfig.BUFFER_MEMORY_CONFIG, 2L * DEAD_LETTER_MAX_RECORD_BYTES));
        };
    }

    /**
     * Every offset the live listener commits carries its commit time as metadata, so {@code connectors-admin lag}
     * can tell when each partition last moved (replays commit theirs the same way).
     */
    @Bean
    ContainerCustomizer<Object, Object, ConcurrentMessageListenerContainer<Object, Object>> commitTimes() {
        return container -> container.getContainerProperties().setOffsetAndMetadataProvider(
                (listenerMetadata, offset) -> new OffsetAndMetadata(offset, Instant.now().toString()));
    }

    @Bean
    NewTopic deadLetterTopic(KafkaPipelineProperties kafka) {
        // Same partition count as the raw events: the recoverer keeps a failed record's partition.
        return TopicBuilder.name(Topics.RAW_EVENTS_DLT.name())
                .partitions(kafka.rawEventsPartitions())
                .replicas(kafka.replicationFactor())
                .config(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, Integer.toString(DEAD_LETTER_MAX_RECORD_BYTES))
                .config(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, Integer.toString(kafka.minInSyncReplicas()))
                .build();
    }
}
