package com.poblysh.connectors.ingest.jobs;

import java.util.UUID;

import com.poblysh.connectors.common.provider.Provider;
import com.poblysh.connectors.common.tenancy.TenantId;
import tools.jackson.databind.JsonNode;

/**
 * A job a worker holds the lease of.
 *
 * @param id               the {@code sync_jobs} row
 * @param runId            its {@code operation_runs} row for this claim, and the fencing token of every write
 * @param attempt          this run's number ({@code attempts} after the claim counted it)
 * @param cursor           the job's stored cursor, null before its first stored page
 * @param connectionActive whether the connection was active when the job was claimed
 */
record ClaimedJob(UUID id, UUID runId, TenantId tenant, Provider provider, UUID connectionId, SyncType type,
        int attempt, JsonNode cursor, boolean connectionActive) {
}
