package com.poblysh.connectors.testsupport;

import com.poblysh.connectors.schemas.InProcessSchemaRegistry;
import com.poblysh.connectors.schemas.Topics;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/** One real KRaft broker and one in-process schema registry per test JVM, on random ports. */
public final class TestKafka {

    /** Partitions of the pipeline topics in tests: more than one, so ordering by key is really exercised. */
    public static final int PARTITIONS = 3;

    private static EmbeddedKafkaKraftBroker broker;
    private static InProcessSchemaRegistry registry;

    private TestKafka() {
    }

    public static synchronized String bootstrapServers() {
        if (broker == null) {
            broker = new EmbeddedKafkaKraftBroker(1, PARTITIONS, Topics.RAW_EVENTS.name(), Topics.RAW_EVENTS_DLT.name(),
                    Topics.SIGNALS.name());
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
}
