package com.poblysh.connectors.processor;

import java.time.Instant;
import java.util.UUID;

import com.poblysh.connectors.common.provider.Provider;
import com.poblysh.connectors.processor.normalize.DedupeKey;

/** One row of the {@code signals} table, exactly as inserted; {@code id} is derived from tenant and dedupe key. */
record SignalRow(UUID id, UUID tenantId, Provider provider, UUID connectionId, String kind, Instant occurredAt,
                 Instant receivedAt, String actor, String title, String url, String payload, UUID sourceEventId,
                 DedupeKey dedupeKey) {
}
