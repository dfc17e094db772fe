package com.poblysh.connectors.schemas;

import java.util.Objects;

/**
 * A Kafka topic with the types of its key and value.
 *
 * @param name      topic name, e.g. {@code connectors.raw-events}
 * @param keyType   record key type (always the tenant id as a string on this project's topics)
 * @param valueType record value type
 */
public record Topic<K, V>(String name, Class<K> keyType, Class<V> valueType) {

    public Topic {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(keyType, "keyType");
        Objects.requireNonNull(valueType, "valueType");
    }

    /** The schema-registry subject of the value under the TopicNameStrategy: {@code <topic>-value}. */
    public String valueSubject() {
        return name + "-value";
    }
}
