package com.poblysh.connectors.ingest.kafka;

import java.util.Map;

import com.poblysh.connectors.common.kafka.KafkaPipelineProperties;
import com.poblysh.connectors.ingest.IngestProperties;
import com.poblysh.connectors.schemas.Topics;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.TopicConfig;
import org.springframework.boot.kafka.autoconfigure.DefaultKafkaProducerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;

/**
 * Declares the raw-event topic and its dead-letter topic (Spring's {@code KafkaAdmin} creates them at start-up) and
 * sizes records for the body limit: Kafka's default 1 MiB record limit would refuse a body at our 1 MiB limit.
 */
@Configuration(proxyBeanMethods = false)
class KafkaTopicsConfiguration {

    /** Room for the Avro envelope and kept headers around the body. */
    static final int RECORD_OVERHEAD_BYTES = 64 * 1024;

    @Bean
    NewTopic rawEventsTopic(KafkaPipelineProperties kafka, IngestProperties ingest) {
        return topic(Topics.RAW_EVENTS.name(), kafka, ingest);
    }

    @Bean
    NewTopic rawEventsDeadLetterTopic(KafkaPipelineProperties kafka, IngestProperties ingest) {
        // same partition count: the dead-letter recoverer keeps a failed record's partition
        return topic(Topics.RAW_EVENTS_DLT.name(), kafka, ingest);
    }

    @Bean
    DefaultKafkaProducerFactoryCustomizer rawEventRecordSize(IngestProperties ingest) {
        return factory -> factory.updateConfigs(Map.of(ProducerConfig.MAX_REQUEST_SIZE_CONFIG,
                maxRecordBytes(ingest)));
    }

    static int maxRecordBytes(IngestProperties ingest) {
        return (int) ingest.maxBodyBytes().toBytes() + RECORD_OVERHEAD_BYTES;
    }

    private static NewTopic topic(String name, KafkaPipelineProperties kafka, IngestProperties ingest) {
        short replicas = kafka.replicationFactor();
        // acks=all only means "on more than one broker" when the topic demands it: 2 of 3 replicas in production,
        // 1 on a single-broker development stack
        int minInSync = Math.min(2, Math.max(1, replicas - 1));
        return TopicBuilder.name(name)
                .partitions(kafka.rawEventsPartitions())
                .replicas(replicas)
                .config(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, Integer.toString(maxRecordBytes(ingest)))
                .config(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, Integer.toString(minInSync))
                .build();
    }
}
