package com.poblysh.connectors.schemas;

import java.nio.ByteBuffer;

import org.apache.kafka.common.errors.SerializationException;

/**
 * The Confluent schema-registry wire format: {@code [0x00][schema id, 4 bytes big-endian][Avro binary]}.
 */
public final class WireFormat {

    /** The only magic byte defined by the format. */
    public static final byte MAGIC_BYTE = 0;

    /** Length of the prefix before the Avro binary body. */
    public static final int HEADER_LENGTH = 5;

    private WireFormat() {
    }

    /** Writes the five-byte header for {@code schemaId} into the start of {@code target}. */
    public static void writeHeader(byte[] target, int schemaId) {
        target[0] = MAGIC_BYTE;
        target[1] = (byte) (schemaId >>> 24);
        target[2] = (byte) (schemaId >>> 16);
        target[3] = (byte) (schemaId >>> 8);
        target[4] = (byte) schemaId;
    }

    /** Reads the schema id of a framed value, rejecting anything that is not in the wire format. */
    public static int schemaId(byte[] framed) {
        if (framed == null || framed.length < HEADER_LENGTH) {
            throw new SerializationException("Value is not in the schema-registry wire format: "
                    + (framed == null ? "null" : framed.length + " bytes") + " is shorter than the 5-byte header");
        }
        if (framed[0] != MAGIC_BYTE) {
            throw new SerializationException("Unknown magic byte " + framed[0] + "; expected 0");
        }
        return ByteBuffer.wrap(framed, 1, 4).getInt();
    }
}
