package com.poblysh.connectors.schemas;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.avro.Schema;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Kafka deserializer for the schema-registry wire format: reads the writer schema by id (cached) and resolves
 * it against the reader's generated class, so records written with an older compatible schema still read.
 * Config keys: {@code schema.registry.url} and {@code specific.avro.value.type} (the generated class).
 */
public class AvroWireDeserializer<T extends SpecificRecord> implements Deserializer<T> {

    private SchemaRegistryClient registry;
    private Schema readerSchema;
    private final Map<Integer, SpecificDatumReader<T>> readers = new ConcurrentHashMap<>();

    /** For Kafka's reflective construction; {@link #configure} supplies the registry and type. */
    public AvroWireDeserializer() {
    }

    public AvroWireDeserializer(SchemaRegistryClient registry, Class<T> type) {
        this.registry = registry;
        this.readerSchema = SpecificData.get().getSchema(type);
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        if (registry == null) {
            registry = SerdeConfig.registryFrom(configs);
        }
        if (readerSchema == null) {
            readerSchema = SpecificData.get().getSchema(SerdeConfig.valueType(configs));
        }
    }

    @Override
    public T deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        int id = WireFormat.schemaId(data);
        SpecificDatumReader<T> reader = readers.computeIfAbsent(id, key -> {
            Schema writer;
            try {
                writer = registry.schemaById(key);
            } catch (SchemaRegistryException e) {
                throw new SerializationException("Unknown writer schema id " + key + " on " + topic, e);
            }
            return new SpecificDatumReader<>(writer, readerSchema);
        });
        BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(data, WireFormat.HEADER_LENGTH,
                data.length - WireFormat.HEADER_LENGTH, null);
        try {
            T value = reader.read(null, decoder);
            if (!decoder.isEnd()) {
                throw new SerializationException("Trailing bytes after the Avro record on " + topic);
            }
            return value;
        } catch (IOException | RuntimeException e) {
            if (e instanceof SerializationException se) {
                throw se;
            }
            throw new SerializationException("Cannot decode Avro record with schema id " + id + " on " + topic, e);
        }
    }
}
