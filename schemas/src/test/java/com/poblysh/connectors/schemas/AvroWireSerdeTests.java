package com.poblysh.connectors.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;

import com.poblysh.connectors.schemas.avro.EventSource;
import com.poblysh.connectors.schemas.avro.RawEvent;
import com.poblysh.connectors.schemas.testsupport.OlderRawEventWriter;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class AvroWireSerdeTests {

    static InProcessSchemaRegistry registryServer;
    static SchemaRegistryClient registry;

    @BeforeAll
    static void startRegistry() {
        registryServer = InProcessSchemaRegistry.start(0);
        registry = new RestSchemaRegistryClient(registryServer.url());
    }

    @AfterAll
    static void stopRegistry() {
        registryServer.close();
    }

    static RawEvent sampleEvent() {
        return RawEvent.newBuilder()
                .setEventId(UUID.fromString("00000000-0000-0000-0000-000000000001"))
                .setTenantId(UUID.fromString("00000000-0000-0000-0000-000000000002"))
                .setProvider("github")
                .setSource(EventSource.webhook)
                .setEventType("push")
                .setDeliveryId("d1")
                .setReceivedAt(Instant.ofEpochSecond(1))
                .setHeaders(Map.of())
                .setPayload(ByteBuffer.wrap("{}".getBytes(StandardCharsets.UTF_8)))
                .build();
    }

    @Test
    void framesValueWithMagicByteAndBigEndianSchemaIdBeforeTheAvroBody() {
        AvroWireSerializer<RawEvent> serializer = new AvroWireSerializer<>(registry);
        serializer.configure(Map.of(), false);

        byte[] framed = serializer.serialize("wire-test", sampleEvent());

        int id = registry.register("wire-test-value", RawEvent.getClassSchema());
        assertThat(framed[0]).isEqualTo((byte) 0);
        assertThat(ByteBuffer.wrap(framed, 1, 4).getInt()).isEqualTo(id);
        // Avro binary of the sample, pinned: schema_version=1 (zigzag 02), event_id as a 36-char string (48 = 36
        // zigzag), tenant_id, "github", null connection (union index 0), source webhook (enum 0), "push",
        // delivery "d1" (union index 1), received_at micros 1_000_000 (zigzag 0x80897a), empty map, payload "{}".
        String body = HexFormat.of().formatHex(framed, 5, framed.length);
        assertThat(body).isEqualTo("02"
                + "48" + HexFormat.of().formatHex("00000000-0000-0000-0000-000000000001".getBytes(StandardCharsets.US_ASCII))
                + "48" + HexFormat.of().formatHex("00000000-0000-0000-0000-000000000002".getBytes(StandardCharsets.US_ASCII))
                + "0c" + HexFormat.of().formatHex("github".getBytes(StandardCharsets.US_ASCII))
                + "00" + "00"
                + "08" + HexFormat.of().formatHex("push".getBytes(StandardCharsets.US_ASCII))
                + "02" + "04" + HexFormat.of().formatHex("d1".getBytes(StandardCharsets.US_ASCII))
                + "80897a"
                + "00"
                + "04" + "7b7d");
    }

    @Test
    void roundTripsThroughTheRegistryRestApi() {
        AvroWireSerializer<RawEvent> serializer = new AvroWireSerializer<>();
        serializer.configure(Map.of(SerdeConfig.REGISTRY_URL, registryServer.url()), false);
        AvroWireDeserializer<RawEvent> deserializer = new AvroWireDeserializer<>();
        deserializer.configure(Map.of(SerdeConfig.REGISTRY_URL, registryServer.url(),
                SerdeConfig.VALUE_TYPE, RawEvent.class.getName()), false);

        RawEvent back = deserializer.deserialize("round-trip", serializer.serialize("round-trip", sampleEvent()));

        assertThat(back).isEqualTo(sampleEvent());
    }

    @Test
    void readsRecordsWrittenWithAnOlderSchemaVersion() throws Exception {
        // An older writer without the optional delivery_id and headers fields, as a past producer would send it.
        int id = registry.register("evolution-value", OlderRawEventWriter.SCHEMA);
        byte[] framed = OlderRawEventWriter.polledIssuesEvent(id);

        RawEvent read = new AvroWireDeserializer<>(registry, RawEvent.class).deserialize("evolution", framed);

        assertThat(read.getEventType()).isEqualTo("issues");
        assertThat(read.getSource()).isEqualTo(EventSource.poll);
        assertThat(read.getDeliveryId()).isNull();
        assertThat(read.getHeaders()).isEmpty();
    }

    @Test
    void rejectsValuesThatAreNotInTheWireFormat() {
        AvroWireDeserializer<RawEvent> deserializer = new AvroWireDeserializer<>(registry, RawEvent.class);

        assertThatThrownBy(() -> deserializer.deserialize("t", "{\"not\":\"avro\"}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(SerializationException.class).hasMessageContaining("magic byte");
        assertThatThrownBy(() -> deserializer.deserialize("t", new byte[] {0, 0}))
                .isInstanceOf(SerializationException.class).hasMessageContaining("shorter than the 5-byte header");
        assertThatThrownBy(() -> deserializer.deserialize("t", new byte[] {0, 0, 0, 0x7f, 0x7f, 1}))
                .isInstanceOf(SerializationException.class).hasMessageContaining("Unknown writer schema id");
    }

    @Test
    void rejectsTruncatedAvroBodies() {
        byte[] framed = new AvroWireSerializer<RawEvent>(registry).serialize("truncated", sampleEvent());
        byte[] cut = java.util.Arrays.copyOf(framed, framed.length - 3);

        assertThatThrownBy(() -> new AvroWireDeserializer<>(registry, RawEvent.class).deserialize("truncated", cut))
                .isInstanceOf(SerializationException.class);
    }
}
