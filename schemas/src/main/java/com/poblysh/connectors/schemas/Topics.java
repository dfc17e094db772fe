package com.poblysh.connectors.schemas;

import com.poblysh.connectors.schemas.avro.RawEvent;
import com.poblysh.connectors.schemas.avro.Signal;

/**
 * Every topic of the pipeline, with key and value types. The key is always the tenant id, so one
 * tenant's events stay in order on one partition.
 */
public final class Topics {

    /** Verified provider events, Avro {@link RawEvent} in the schema-registry wire format. */
    public static final Topic<String, RawEvent> RAW_EVENTS =
            new Topic<>("connectors.raw-events", String.class, RawEvent.class);

    /**
     * Raw events the processor could not handle, value bytes exactly as consumed; the reason is in the
     * {@code kafka_dlt-*} headers. Ops redrive them by copying records back to {@link #RAW_EVENTS}.
     */
    public static final Topic<String, byte[]> RAW_EVENTS_DLT =
            new Topic<>("connectors.raw-events.dlt", String.class, byte[].class);

    /** Normalized signals for other consumers, Avro {@link Signal}. */
    public static final Topic<String, Signal> SIGNALS =
            new Topic<>("connectors.signals", String.class, Signal.class);

    private Topics() {
    }
}
