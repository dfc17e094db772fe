package com.poblysh.connectors.schemas;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.config.ConfigException;

/** Configuration keys of the wire-format serde, named as Confluent's serializers name them. */
public final class SerdeConfig {

    /** Base URL of the schema registry, e.g. {@code http://schema-registry:8081}. */
    public static final String REGISTRY_URL = "schema.registry.url";
    /** Whether the serializer registers the record's schema itself (default true). */
    public static final String AUTO_REGISTER = "auto.register.schemas";
    /** Generated Avro class the deserializer reads into. */
    public static final String VALUE_TYPE = "specific.avro.value.type";

    // Serializers are created per producer/consumer by Kafka; one client per URL keeps the id caches shared.
    private static final Map<String, SchemaRegistryClient> CLIENTS = new ConcurrentHashMap<>();

    private SerdeConfig() {
    }

    static SchemaRegistryClient registry(Map<String, ?> configs) {
        Object url = configs.get(REGISTRY_URL);
        if (url == null || url.toString().isBlank()) {
            throw new ConfigException(REGISTRY_URL + " is required for the Avro wire-format serde");
        }
        return CLIENTS.computeIfAbsent(url.toString(), RestSchemaRegistryClient::new);
    }

    @SuppressWarnings("unchecked")
    static <T extends SpecificRecord> Class<T> valueType(Map<String, ?> configs) {
        Object type = configs.get(VALUE_TYPE);
        if (type instanceof Class<?> c) {
            return (Class<T>) c;
        }
        if (type == null) {
            throw new ConfigException(VALUE_TYPE + " is required for the Avro wire-format deserializer");
        }
        try {
            return (Class<T>) Class.forName(type.toString(), true, Thread.currentThread().getContextClassLoader());
        } catch (ClassNotFoundException e) {
            throw new ConfigException(VALUE_TYPE, type, "class not found");
        }
    }
}
