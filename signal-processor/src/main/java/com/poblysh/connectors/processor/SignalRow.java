package com.poblysh.connectors.processor;

import java.time.Instant;
import java.util.UUID;

import com.poblysh.connectors.common.provider.Provider;
import com.poblysh.connectors.processor.normalize.DedupeKey;

/**
 * One row of the {@code signals} table, exactly as inserted.
 *
 * @param stableTime whether {@code occurredAt} is the same for every delivery of the event; when it is not, the row
 *                   is deduplicated on {@code (tenant_id, id)} before it is inserted
 */
record SignalRow(UUID id, UUID tenantId, Provider provider, UUID connectionId, String kind, Instant occurredAt,
                 Instant receivedAt, String actor, String title, String url, String payload, UUID sourceEventId,
                 DedupeKey dedupeKey, boolean stableTime) {
}
