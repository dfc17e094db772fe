package com.poblysh.connectors.ingest.jobs;

import java.util.Objects;

/**
 * One item of a page, published as a raw event with source {@code poll}.
 *
 * @param eventType  provider event name the processor's normalizer reads, e.g. {@code issues}
 * @param deliveryId identity and version of the item, e.g. {@code issue:1347@2026-01-02T03:04:05Z}: the same item
 *                   read again (a retried page) gets the same key, so the same event id and dedupe key
 * @param payload    the item as JSON bytes
 */
public record PolledEvent(String eventType, String deliveryId, byte[] payload) {

    public PolledEvent {
        Objects.requireNonNull(eventType, "eventType");
        Objects.requireNonNull(deliveryId, "deliveryId");
        Objects.requireNonNull(payload, "payload");
        if (deliveryId.isBlank()) {
            throw new IllegalArgumentException("deliveryId must not be blank");
        }
    }
}
