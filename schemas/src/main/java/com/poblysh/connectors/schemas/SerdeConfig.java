package com.poblysh.connectors.schemas;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.config.ConfigException;

/**
 * What the serdes of a {@link Topic} need: the schema registry, as one client whose schema and id caches every serde
 * made from this configuration shares ({@code SerdeConfig.of("http://schema-registry:8081")}). Also names the
 * configuration keys of the wire-format serde as Confluent's serializers name them, for serdes that Kafka
 * constructs by class name and configures from its properties.
 */
public final class SerdeConfig {

    /** Base URL of the schema registry, e.g. {@code http://schema-registry:8081}. */
    public static final String REGISTRY_URL = "schema.registry.url";
    /** Whether the serializer registers the record's schema itself (default true). */
    public static final String AUTO_REGISTER = "auto.register.schemas";
    /** Generated Avro class the deserializer reads into. */
    public static final String VALUE_TYPE = "specific.avro.value.type";

    // Serdes constructed by class name are created per producer/consumer by Kafka; one client per URL keeps the id
    // caches shared.
    private static final Map<String, SchemaRegistryClient> CLIENTS = new ConcurrentHashMap<>();

    private final SchemaRegistryClient registry;

    private SerdeConfig(SchemaRegistryClient registry) {
        this.registry = Objects.requireNonNull(registry, "registry");
    }

    /** Serdes talking to the Confluent-compatible registry at {@code registryUrl} over REST. */
    public static SerdeConfig of(String registryUrl) {
        return new SerdeConfig(new RestSchemaRegistryClient(registryUrl));
    }

    /** Serdes talking to {@code registry}. */
    public static SerdeConfig of(SchemaRegistryClient registry) {
        return new SerdeConfig(registry);
    }

    /** The registry client the serdes share. */
    public SchemaRegistryClient registry() {
        return registry;
    }

    @Override
    public String toString() {
        return "SerdeConfig[registry=" + registry + "]";
    }

    static SchemaRegistryClient registryFrom(Map<String, ?> configs) {
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
