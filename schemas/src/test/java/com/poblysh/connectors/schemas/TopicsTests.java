package com.poblysh.connectors.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import com.poblysh.connectors.schemas.avro.RawEvent;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Each topic's serdes write what its readers expect: keys as UTF-8 tenant ids, values in the wire format. */
class TopicsTests {

    static InProcessSchemaRegistry registryServer;
    static SerdeConfig serdes;

    @BeforeAll
    static void startRegistry() {
        registryServer = InProcessSchemaRegistry.start(0);
        serdes = SerdeConfig.of(registryServer.url());
    }

    @AfterAll
    static void stopRegistry() {
        registryServer.close();
    }

    @Test
    void thePipelineHasTheRawEventTopicAndItsDeadLetterTopic() {
        assertThat(Topics.names()).containsExactly("connectors.raw-events", "connectors.raw-events.dlt");
        assertThat(Topics.RAW_EVENTS.owner()).isEqualTo("ingest-service");
        assertThat(Topics.RAW_EVENTS_DLT.owner()).isEqualTo("signal-processor");
        assertThat(Topics.RAW_EVENTS.valueSubject()).isEqualTo("connectors.raw-events-value");
    }

    @Test
    void keysAreTheTenantIdInUtf8() {
        String tenant = "00000000-0000-0000-0000-000000000002";
        for (Topic<String, ?> topic : List.of(Topics.RAW_EVENTS, Topics.RAW_EVENTS_DLT)) {
            byte[] key = topic.keySerializer(serdes).serialize(topic.name(), tenant);

            assertThat(key).isEqualTo(tenant.getBytes(StandardCharsets.UTF_8));
            assertThat(topic.keyDeserializer(serdes).deserialize(topic.name(), key)).isEqualTo(tenant);
        }
    }

    @Test
    void rawEventValuesAreWrittenAsTheWireFormatSerdeWritesThemAndReadBack() {
        RawEvent event = AvroWireSerdeTests.sampleEvent();
        Serializer<RawEvent> serializer = Topics.RAW_EVENTS.valueSerializer(serdes);
        byte[] framed = serializer.serialize(Topics.RAW_EVENTS.name(), event);

        AvroWireSerializer<RawEvent> plain = new AvroWireSerializer<>(new RestSchemaRegistryClient(registryServer.url()));
        plain.configure(Map.of(), false);
        assertThat(framed).isEqualTo(plain.serialize(Topics.RAW_EVENTS.name(), event));
        assertThat(framed[0]).isEqualTo(WireFormat.MAGIC_BYTE);
        assertThat(serdes.registry().schemaById(WireFormat.schemaId(framed))).isEqualTo(event.getSchema());
        Deserializer<RawEvent> deserializer = Topics.RAW_EVENTS.valueDeserializer(serdes);
        assertThat(deserializer.deserialize(Topics.RAW_EVENTS.name(), framed)).isEqualTo(event);
    }

    @Test
    void valuesAsBytesAreTheBytesOnTheWire() {
        Topic<String, byte[]> raw = Topics.RAW_EVENTS.valueAsBytes();
        byte[] framed = Topics.RAW_EVENTS.valueSerializer(serdes).serialize(raw.name(), AvroWireSerdeTests.sampleEvent());

        assertThat(raw.name()).isEqualTo(Topics.RAW_EVENTS.name());
        assertThat(raw.owner()).isEqualTo(Topics.RAW_EVENTS.owner());
        assertThat(raw.valueType()).isEqualTo(byte[].class);
        assertThat(raw.valueSerializer(serdes).serialize(raw.name(), framed)).isEqualTo(framed);
        assertThat(raw.valueDeserializer(serdes).deserialize(raw.name(), framed)).isEqualTo(framed);
        assertThat(Topics.RAW_EVENTS_DLT.valueDeserializer(serdes).deserialize(raw.name(), framed)).isEqualTo(framed);
    }
}
