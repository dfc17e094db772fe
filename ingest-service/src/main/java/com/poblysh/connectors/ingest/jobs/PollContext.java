package com.poblysh.connectors.ingest.jobs;

import java.util.Objects;
import java.util.UUID;

import com.poblysh.connectors.common.provider.Provider;
import com.poblysh.connectors.common.tenancy.TenantId;
import tools.jackson.databind.JsonNode;

/**
 * What an executor is asked to read.
 *
 * @param jobId        the sync job being run
 * @param tenant       the connection's tenant
 * @param provider     the connection's provider
 * @param connectionId the connection whose activity is read (its tokens are the executor's to load)
 * @param type         {@code FULL} reads everything, {@code INCREMENTAL} what changed since the connection's last
 *                     completed sync
 * @param cursor       where this page starts, as the executor returned it before (a job's own progress, else the
 *                     connection's last completed sync's final cursor for an incremental job); {@code null} means
 *                     from the beginning
 * @param attempt      1 for the job's first run, counting runs that failed or whose worker died
 */
public record PollContext(UUID jobId, TenantId tenant, Provider provider, UUID connectionId, SyncType type,
        JsonNode cursor, int attempt) {

    public PollContext {
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(connectionId, "connectionId");
        Objects.requireNonNull(type, "type");
    }
}
