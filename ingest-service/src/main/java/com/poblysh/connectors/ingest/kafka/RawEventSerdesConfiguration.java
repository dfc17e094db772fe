package com.poblysh.connectors.ingest.kafka;

import com.poblysh.connectors.common.kafka.KafkaPipelineProperties;
import com.poblysh.connectors.schemas.SerdeConfig;
import com.poblysh.connectors.schemas.Topics;
import com.poblysh.connectors.schemas.avro.RawEvent;
import org.springframework.boot.kafka.autoconfigure.DefaultKafkaProducerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;

/**
 * The producer writes with the serdes of {@link Topics#RAW_EVENTS}: the tenant id as the key, the raw event in the
 * schema-registry wire format ({@code POBLYSH_SCHEMA_REGISTRY_URL}) as the value. One registry client serves every
 * producer, so a schema is registered once per instance.
 */
@Configuration(proxyBeanMethods = false)
class RawEventSerdesConfiguration {

    @Bean
    DefaultKafkaProducerFactoryCustomizer rawEventSerdes(KafkaPipelineProperties kafka) {
        SerdeConfig serdes = SerdeConfig.of(kafka.schemaRegistryUrl());
        return factory -> {
            @SuppressWarnings("unchecked")
            DefaultKafkaProducerFactory<String, RawEvent> rawEvents = (DefaultKafkaProducerFactory<String, RawEvent>) factory;
            rawEvents.setKeySerializerSupplier(() -> Topics.RAW_EVENTS.keySerializer(serdes));
            rawEvents.setValueSerializerSupplier(() -> Topics.RAW_EVENTS.valueSerializer(serdes));
        };
    }
}
