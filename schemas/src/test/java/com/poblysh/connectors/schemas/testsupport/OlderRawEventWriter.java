package com.poblysh.connectors.schemas.testsupport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;

import com.poblysh.connectors.schemas.WireFormat;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;

/** A past producer of {@code RawEvent}: its schema lacks the optional {@code delivery_id} and {@code headers}. */
public final class OlderRawEventWriter {

    /** The older writer's schema. */
    public static final Schema SCHEMA = new Schema.Parser().parse("""
            {"type":"record","name":"RawEvent","namespace":"com.poblysh.connectors.schemas.avro","fields":[
             {"name":"schema_version","type":"int"},
             {"name":"event_id","type":{"type":"string","logicalType":"uuid"}},
             {"name":"tenant_id","type":{"type":"string","logicalType":"uuid"}},
             {"name":"provider","type":"string"},
             {"name":"connection_id","type":["null",{"type":"string","logicalType":"uuid"}],"default":null},
             {"name":"source","type":{"type":"enum","name":"EventSource","symbols":["webhook","poll","replay"]}},
             {"name":"event_type","type":"string"},
             {"name":"received_at","type":{"type":"long","logicalType":"timestamp-micros"}},
             {"name":"payload","type":"bytes"}]}""");

    private OlderRawEventWriter() {
    }

    /** A polled GitHub {@code issues} event in the older schema, framed for the registry's schema {@code id}. */
    public static byte[] polledIssuesEvent(int id) throws IOException {
        GenericRecord record = new GenericData.Record(SCHEMA);
        record.put("schema_version", 1);
        record.put("event_id", "00000000-0000-0000-0000-000000000001");
        record.put("tenant_id", "00000000-0000-0000-0000-000000000002");
        record.put("provider", "github");
        record.put("source", new GenericData.EnumSymbol(SCHEMA.getField("source").schema(), "poll"));
        record.put("event_type", "issues");
        record.put("received_at", 5L);
        record.put("payload", ByteBuffer.wrap(new byte[] {'{', '}'}));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(new byte[WireFormat.HEADER_LENGTH]);
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        new GenericDatumWriter<GenericRecord>(SCHEMA).write(record, encoder);
        encoder.flush();
        byte[] framed = out.toByteArray();
        WireFormat.writeHeader(framed, id);
        return framed;
    }
}
