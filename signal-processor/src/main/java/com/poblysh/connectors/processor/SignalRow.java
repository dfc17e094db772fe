package com.poblysh.connectors.processor;

import java.time.Instant;
import java.util.UUID;

import com.poblysh.connectors.common.provider.Provider;
import com.poblysh.connectors.processor.normalize.DedupeKey;

/**
 * One row of the {@code signals} table, exactly as inserted; {@code id} is derived from tenant and dedupe key, and
 * {@code normalizationVersion} is the {@link com.poblysh.connectors.processor.normalize.Normalizer#version()} that
 * computed it.
 */
record SignalRow(UUID id, UUID tenantId, Provider provider, UUID connectionId, String kind, Instant occurredAt,
                 Instant receivedAt, String actor, String title, String url, String payload, UUID sourceEventId,
                 DedupeKey dedupeKey, int normalizationVersion) {

    /** A row of the first normalization version. */
    SignalRow(UUID id, UUID tenantId, Provider provider, UUID connectionId, String kind, Instant occurredAt,
              Instant receivedAt, String actor, String title, String url, String payload, UUID sourceEventId,
              DedupeKey dedupeKey) {
        this(id, tenantId, provider, connectionId, kind, occurredAt, receivedAt, actor, title, url, payload,
                sourceEventId, dedupeKey, 1);
    }
}
