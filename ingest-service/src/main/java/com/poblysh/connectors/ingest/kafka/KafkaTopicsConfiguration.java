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
 * Declares the topic ingest-service writes, {@code connectors.raw-events} (Spring's {@code KafkaAdmin} creates it at
 * start-up; its dead-letter topic is the processor's, which writes it), and sizes records for the body limit: Kafka's
 * default 1 MiB record limit would refuse a body at our 1 MiB limit.
 */
@Configuration(proxyBeanMethods = false)
class KafkaTopicsConfiguration {

    /** Room for the Avro envelope and kept headers around the body. */
    static final int RECORD_OVERHEAD_BYTES = 64 * 1024;

    @Bean
    NewTopic rawEventsTopic(KafkaPipelineProperties kafka, IngestProperties ingest) {
        return TopicBuilder.name(Topics.RAW_EVENTS.name())
                .partitions(kafka.rawEventsPartitions())
                .replicas(kafka.replicationFactor())
                .config(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, Integer.toString(maxRecordBytes(ingest)))
                .config(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, Integer.toString(kafka.minInSyncReplicas()))
                // Never compacted: the key is the tenant id, so compaction would keep one event per tenant and a
                // rebuild from the topic (connectors-admin replay) would lose the rest. Retention is the operator's.
                .config(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE)
                .build();
    }

    @Bean
    DefaultKafkaProducerFactoryCustomizer rawEventRecordSize(IngestProperties ingest) {
        return factory -> factory.updateConfigs(Map.of(ProducerConfig.MAX_REQUEST_SIZE_CONFIG,
                maxRecordBytes(ingest)));
    }

    static int maxRecordBytes(IngestProperties ingest) {
        return (int) ingest.maxBodyBytes().toBytes() + RECORD_OVERHEAD_BYTES;
    }
}
