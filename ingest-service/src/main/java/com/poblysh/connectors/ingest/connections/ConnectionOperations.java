package com.poblysh.connectors.ingest.connections;

import java.util.Map;
import java.util.UUID;

import com.poblysh.connectors.common.provider.Provider;
import com.poblysh.connectors.common.tenancy.TenantId;

/**
 * Work a webhook asks for that is not an event: a provider saying a subscription needs renewing or that events were
 * missed. Recorded for operators ({@code operation_runs}) and for the sync scheduler ({@code sync_jobs}); both
 * writes are idempotent because providers retry.
 */
public interface ConnectionOperations {

    /**
     * Records an operation run in state {@code queued}, once per {@code runId} (a repeat is ignored).
     *
     * @param kind     what has to be done, e.g. {@code graph_subscription_reauthorize}
     * @param targetId what it is done to, e.g. a subscription id
     * @param details  stored as the run's {@code progress}
     * @return whether a row was written
     */
    boolean recordRun(UUID runId, TenantId tenant, String kind, String targetId, Map<String, Object> details);

    /**
     * Queues an {@code incremental} sync of the connection unless one is already queued or running.
     *
     * @return whether a job was queued
     */
    boolean queueIncrementalSync(TenantId tenant, Provider provider, UUID connectionId);
}
