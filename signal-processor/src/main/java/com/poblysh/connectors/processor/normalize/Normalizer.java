package com.poblysh.connectors.processor.normalize;

import java.util.List;

import com.poblysh.connectors.common.provider.Provider;
import com.poblysh.connectors.schemas.avro.RawEvent;
import tools.jackson.databind.JsonNode;

/**
 * Turns one provider's raw events into signals. Implementations are pure functions of the event (a replay must
 * compute exactly what the first run computed), live in {@code normalize.<provider>} and register as Spring beans.
 */
public interface Normalizer {

    /** The provider whose events this normalizer understands. */
    Provider provider();

    /**
     * The signals {@code event} yields: usually one, none for events that carry no activity (GitHub {@code ping},
     * unmapped actions).
     *
     * @param payload the event's payload, already parsed; always a JSON object
     * @throws InvalidPayloadException when a field the mapping needs is missing or malformed
     */
    List<NormalizedSignal> normalize(RawEvent event, JsonNode payload);

    /**
     * The version of this normalization, stored on every signal it computes ({@code signals.normalization_version}).
     * Raise it when a mapping changes (a corrected title rule, a new field): {@code connectors-admin replay --mode
     * rebuild} then brings the stored signals to it in place, and never back to an older one.
     */
    default int version() {
        return 1;
    }
}
