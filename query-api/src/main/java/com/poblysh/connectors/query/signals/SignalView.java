package com.poblysh.connectors.query.signals;

import java.time.Instant;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonRawValue;

/**
 * A signal as served to Core. {@code payload} is the stored JSONB text, written as raw JSON; it is left out of
 * lists unless {@code include_payload=true}, and {@code null} when requested but absent.
 */
record SignalView(
        UUID id,
        String provider,
        UUID connectionId,
        String kind,
        Instant occurredAt,
        Instant receivedAt,
        String actor,
        String title,
        String url,
        @JsonRawValue @JsonInclude(JsonInclude.Include.NON_NULL) String payload) {

    /** JSON text of a requested payload that is absent in the database. */
    static final String NO_PAYLOAD = "null";
}
