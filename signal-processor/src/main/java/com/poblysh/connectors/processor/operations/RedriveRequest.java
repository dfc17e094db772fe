package com.poblysh.connectors.processor.operations;

import java.time.Instant;
import java.util.UUID;

/**
 * Which dead letters of {@code connectors.raw-events.dlt} to select (list or redrive); every filter is optional.
 *
 * @param tenant   the record key
 * @param provider the raw event's provider id
 * @param reason   a text the failure reason contains (case-insensitive)
 * @param since    dead-lettered at or after
 * @param dryRun   for a redrive: decode and count, store nothing, mark nothing
 */
public record RedriveRequest(UUID tenant, String provider, String reason, Instant since, boolean dryRun) {
}
