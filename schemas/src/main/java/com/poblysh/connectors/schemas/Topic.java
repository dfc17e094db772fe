package com.poblysh.connectors.schemas;

import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * A Kafka topic of the pipeline: its name, the service that writes it (and so declares it), and how its keys and
 * values are written. Every producer and consumer takes its serializers and deserializers from here, so a topic is
 * read exactly as it was written. Topics are declared in {@link Topics} only.
 *
 * @param <K> record key type (the tenant id as a string on every topic of this project)
 * @param <V> record value type
 */
public final class Topic<K, V> {

    private final String name;
    private final String owner;
    private final Format<K> key;
    private final Format<V> value;

    private Topic(String name, String owner, Format<K> key, Format<V> value) {
        this.name = Objects.requireNonNull(name, "name");
        this.owner = Objects.requireNonNull(owner, "owner");
        this.key = Objects.requireNonNull(key, "key");
        this.value = Objects.requireNonNull(value, "value");
    }

    /** A topic keyed by tenant id whose values are Avro {@code type} in the schema-registry wire format. */
    static <V extends SpecificRecord> Topic<String, V> tenantKeyedAvro(String name, String owner, Class<V> type) {
        return new Topic<>(name, owner, Format.STRING, Format.avro(type));
    }

    /** A topic keyed by tenant id whose values are bytes written and read as they are. */
    static Topic<String, byte[]> tenantKeyedBytes(String name, String owner) {
        return new Topic<>(name, owner, Format.STRING, Format.BYTES);
    }

    /** Topic name, e.g. {@code connectors.raw-events}. */
    public String name() {
        return name;
    }

    /**
     * The service that writes this topic ({@code spring.application.name}, e.g. {@code ingest-service}); it alone
     * declares the topic, so partitions and configs have one source.
     */
    public String owner() {
        return owner;
    }

    public Class<K> keyType() {
        return key.type();
    }

    public Class<V> valueType() {
        return value.type();
    }

    /** The schema-registry subject of the value under the TopicNameStrategy: {@code <topic>-value}. */
    public String valueSubject() {
        return name + "-value";
    }

    /** A new serializer of this topic's keys, configured. */
    public Serializer<K> keySerializer(SerdeConfig serdes) {
        return configured(key.serializer().apply(serdes), true);
    }

    /** A new serializer of this topic's values, configured (Avro values register their schema under the subject). */
    public Serializer<V> valueSerializer(SerdeConfig serdes) {
        return configured(value.serializer().apply(serdes), false);
    }

    /** A new deserializer of this topic's keys, configured. */
    public Deserializer<K> keyDeserializer(SerdeConfig serdes) {
        return configured(key.deserializer().apply(serdes), true);
    }

    /** A new deserializer of this topic's values, configured (Avro values resolve the writer schema by its id). */
    public Deserializer<V> valueDeserializer(SerdeConfig serdes) {
        return configured(value.deserializer().apply(serdes), false);
    }

    /**
     * This topic with its values taken as the bytes on the wire: for a consumer that decodes each value itself with
     * {@link #valueDeserializer}, so one undecodable record fails alone instead of failing the poll, and for
     * producers that encode values themselves or copy records as they are.
     */
    public Topic<K, byte[]> valueAsBytes() {
        return new Topic<>(name, owner, key, Format.BYTES);
    }

    @Override
    public String toString() {
        return "Topic[" + name + ", " + key.type().getSimpleName() + " -> " + value.type().getSimpleName()
                + ", written by " + owner + "]";
    }

    // Configured with no settings: the registry comes with SerdeConfig, and Kafka's client configures a serde it is
    // given again with its own settings (which may set e.g. auto.register.schemas).
    private static <S extends Serializer<?>> S configured(S serializer, boolean isKey) {
        serializer.configure(Map.of(), isKey);
        return serializer;
    }

    private static <D extends Deserializer<?>> D configured(D deserializer, boolean isKey) {
        deserializer.configure(Map.of(), isKey);
        return deserializer;
    }

    /** How the keys or the values of a topic are written. */
    private record Format<T>(Class<T> type, Function<SerdeConfig, Serializer<T>> serializer,
                             Function<SerdeConfig, Deserializer<T>> deserializer) {

        static final Format<String> STRING = new Format<>(String.class, serdes -> new StringSerializer(),
                serdes -> new StringDeserializer());
        static final Format<byte[]> BYTES = new Format<>(byte[].class, serdes -> new ByteArraySerializer(),
                serdes -> new ByteArrayDeserializer());

        static <T extends SpecificRecord> Format<T> avro(Class<T> type) {
            return new Format<>(type, serdes -> new AvroWireSerializer<>(serdes.registry()),
                    serdes -> new AvroWireDeserializer<>(serdes.registry(), type));
        }
    }
}
