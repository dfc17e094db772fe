package com.poblysh.connectors.ingest.kafka;

import java.util.Map;

import com.poblysh.connectors.common.kafka.KafkaPipelineProperties;
import com.poblysh.connectors.ingest.IngestProperties;
import com.poblysh.connectors.schemas.RestSchemaRegistryClient;
import com.poblysh.connectors.schemas.SerdeConfig;
import com.poblysh.connectors.schemas.Topics;
import com.poblysh.connectors.schemas.avro.RawEvent;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.springframework.boot.kafka.autoconfigure.DefaultKafkaProducerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;

/**
 * The producer writes with the serdes of {@link Topics#RAW_EVENTS}: the tenant id as the key, the raw event in the
 * schema-registry wire format ({@code POBLYSH_SCHEMA_REGISTRY_URL}) as the value. One registry client serves every
 * producer, so a schema is registered once per instance, at start-up ({@link RawEventSchemaRegistration}). Nothing
 * inside {@code send()} may take longer than the send timeout: the registry client's timeout and the producer's
 * {@code max.block.ms} are both that timeout.
 */
@Configuration(proxyBeanMethods = false)
class RawEventSerdesConfiguration {

    @Bean
    SerdeConfig rawEventSerdeConfig(KafkaPipelineProperties kafka, IngestProperties ingest) {
        return SerdeConfig.of(new RestSchemaRegistryClient(kafka.schemaRegistryUrl(), ingest.sendTimeout()));
    }

    @Bean
    DefaultKafkaProducerFactoryCustomizer rawEventSerdes(SerdeConfig serdes, IngestProperties ingest) {
        return factory -> {
            @SuppressWarnings("unchecked")
            DefaultKafkaProducerFactory<String, RawEvent> rawEvents = (DefaultKafkaProducerFactory<String, RawEvent>) factory;
            rawEvents.setKeySerializerSupplier(() -> Topics.RAW_EVENTS.keySerializer(serdes));
            rawEvents.setValueSerializerSupplier(() -> Topics.RAW_EVENTS.valueSerializer(serdes));
            // send() waits this long for metadata or buffer space at most: never longer than the whole send timeout.
            rawEvents.updateConfigs(Map.of(ProducerConfig.MAX_BLOCK_MS_CONFIG, ingest.sendTimeout().toMillis()));
        };
    }

    @Bean
    RawEventSchemaRegistration rawEventSchemaRegistration(SerdeConfig serdes) {
        return new RawEventSchemaRegistration(serdes.registry());
    }
}
