package com.poblysh.connectors.schemas;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Map;

import org.apache.avro.Schema;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Kafka serializer writing Avro specific records in the schema-registry wire format under the
 * {@code <topic>-value} subject. Config keys are Confluent's: {@code schema.registry.url},
 * {@code auto.register.schemas} (default true).
 */
public class AvroWireSerializer<T extends SpecificRecord> implements Serializer<T> {

    private SchemaRegistryClient registry;
    private boolean autoRegister = true;
    private boolean isKey;
    private final Map<Schema, SpecificDatumWriter<T>> writers = new java.util.concurrent.ConcurrentHashMap<>();

    /** For Kafka's reflective construction; {@link #configure} supplies the registry. */
    public AvroWireSerializer() {
    }

    public AvroWireSerializer(SchemaRegistryClient registry) {
        this.registry = registry;
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        this.isKey = isKey;
        if (registry == null) {
            registry = SerdeConfig.registryFrom(configs);
        }
        Object auto = configs.get(SerdeConfig.AUTO_REGISTER);
        if (auto != null) {
            autoRegister = Boolean.parseBoolean(auto.toString());
        }
    }

    @Override
    public byte[] serialize(String topic, T record) {
        if (record == null) {
            return null;
        }
        Schema schema = record.getSchema();
        String subject = topic + (isKey ? "-key" : "-value");
        int id;
        try {
            id = autoRegister ? registry.register(subject, schema) : lookup(subject, schema);
        } catch (SchemaRegistryException e) {
            throw new SerializationException("Cannot register " + schema.getFullName() + " under " + subject, e);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        out.write(new byte[WireFormat.HEADER_LENGTH], 0, WireFormat.HEADER_LENGTH);
        BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
        try {
            writers.computeIfAbsent(schema, SpecificDatumWriter::new).write(record, encoder);
            encoder.flush();
        } catch (IOException | RuntimeException e) {
            throw new SerializationException("Cannot encode " + schema.getFullName() + " for " + topic, e);
        }
        byte[] framed = out.toByteArray();
        WireFormat.writeHeader(framed, id);
        return framed;
    }

    private int lookup(String subject, Schema schema) {
        // Without auto-registration the schema must already be registered: registering an identical
        // schema is idempotent in the registry and answers its existing id.
        return registry.register(subject, schema);
    }
}
