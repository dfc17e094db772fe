package com.poblysh.connectors.schemas;

import java.util.List;

import com.poblysh.connectors.schemas.avro.RawEvent;

/**
 * Every topic of the pipeline, with the service that writes it and the serdes of its keys and values. The key is
 * always the tenant id, so one tenant's events stay in order on one partition.
 */
public final class Topics {

    /**
     * Verified provider events, Avro {@link RawEvent} in the schema-registry wire format; written (and declared) by
     * ingest-service, read by signal-processor.
     */
    public static final Topic<String, RawEvent> RAW_EVENTS =
            Topic.tenantKeyedAvro("connectors.raw-events", "ingest-service", RawEvent.class);

    /**
     * Raw events the processor could not handle, value bytes exactly as consumed; the reason is in the
     * {@code kafka_dlt-*} headers. Written (and declared) by signal-processor; ops redrive them by copying records
     * back to {@link #RAW_EVENTS}.
     */
    public static final Topic<String, byte[]> RAW_EVENTS_DLT =
            Topic.tenantKeyedBytes("connectors.raw-events.dlt", "signal-processor");

    /** Every topic above, e.g. for what creates them all (the compose file, test brokers). */
    public static final List<Topic<?, ?>> ALL = List.of(RAW_EVENTS, RAW_EVENTS_DLT);

    private Topics() {
    }

    /** The names of {@link #ALL}. */
    public static String[] names() {
        return ALL.stream().map(Topic::name).toArray(String[]::new);
    }
}
