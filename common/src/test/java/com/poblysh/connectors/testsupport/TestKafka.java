package com.poblysh.connectors.testsupport;

import java.util.HashMap;
import java.util.Map;

import com.poblysh.connectors.schemas.InProcessSchemaRegistry;
import com.poblysh.connectors.schemas.SerdeConfig;
import com.poblysh.connectors.schemas.Topic;
import com.poblysh.connectors.schemas.Topics;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * One real KRaft broker with every topic of {@link Topics} and one in-process schema registry per test JVM, on random
 * ports, and clients that read and write a topic with its own serdes, as the services do.
 */
public final class TestKafka {

    /** Partitions of the pipeline topics in tests: more than one, so ordering by key is really exercised. */
    public static final int PARTITIONS = 3;

    private static EmbeddedKafkaKraftBroker broker;
    private static InProcessSchemaRegistry registry;
    private static SerdeConfig serdes;

    private TestKafka() {
    }

    public static synchronized String bootstrapServers() {
        if (broker == null) {
            broker = new EmbeddedKafkaKraftBroker(1, PARTITIONS, Topics.names());
            broker.afterPropertiesSet();
            EmbeddedKafkaKraftBroker started = broker;
            Runtime.getRuntime().addShutdownHook(new Thread(started::destroy, "stop-test-kafka"));
        }
        return broker.getBrokersAsString();
    }

    public static synchronized String registryUrl() {
        if (registry == null) {
            registry = InProcessSchemaRegistry.start(0);
            InProcessSchemaRegistry started = registry;
            Runtime.getRuntime().addShutdownHook(new Thread(started::close, "stop-test-registry"));
        }
        return registry.url();
    }

    /** Serdes talking to the test registry, sharing one client. */
    public static synchronized SerdeConfig serdes() {
        if (serdes == null) {
            serdes = SerdeConfig.of(registryUrl());
        }
        return serdes;
    }

    /** A producer writing {@code topic} with its serdes, acknowledged by every in-sync replica. */
    public static <K, V> KafkaProducer<K, V> producer(Topic<K, V> topic) {
        return producer(topic, Map.of());
    }

    /** A producer writing {@code topic} with its serdes; {@code settings} add to or override the defaults. */
    public static <K, V> KafkaProducer<K, V> producer(Topic<K, V> topic, Map<String, Object> settings) {
        Map<String, Object> config = new HashMap<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all"));
        config.putAll(settings);
        return new KafkaProducer<>(config, topic.keySerializer(serdes()), topic.valueSerializer(serdes()));
    }

    /**
     * A consumer reading {@code topic} with its serdes, from the earliest offset and committing nothing by itself;
     * {@code settings} add to or override that (a group id to subscribe, say).
     */
    public static <K, V> KafkaConsumer<K, V> consumer(Topic<K, V> topic, Map<String, Object> settings) {
        Map<String, Object> config = new HashMap<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"));
        config.putAll(settings);
        return new KafkaConsumer<>(config, topic.keyDeserializer(serdes()), topic.valueDeserializer(serdes()));
    }
}
