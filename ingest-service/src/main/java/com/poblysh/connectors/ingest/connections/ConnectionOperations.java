package com.poblysh.connectors.ingest.connections;

import java.util.Map;
import java.util.UUID;

import com.poblysh.connectors.common.provider.Provider;
import com.poblysh.connectors.common.tenancy.TenantId;

/**
 * Work a webhook asks for that is not an event: a provider saying a subscription needs renewing, that events were
 * missed, or that the app was removed from the account. Recorded for operators ({@code operation_runs},
 * {@code audit_log}), for the sync scheduler ({@code sync_jobs}) and on the connection itself; every write is
 * idempotent because providers retry.
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
     * Queues an {@code incremental} sync of the connection unless one is already queued or running; coalesced into
     * a running one, that one is followed by another when it ends, since it may have read past the change already.
     *
     * @return whether a job was queued
     */
    boolean queueIncrementalSync(TenantId tenant, Provider provider, UUID connectionId);

    /**
     * Queues a {@code full} sync of the connection unless one is already queued or running (the provider says
     * changes were missed, so no incremental cursor can be trusted).
     *
     * @return whether a job was queued
     */
    boolean queueFullSync(TenantId tenant, Provider provider, UUID connectionId);

    /**
     * Marks the connection {@code revoked} because the provider said its access is gone (Slack's
     * {@code app_uninstalled}, {@code tokens_revoked}): tokens and webhook secret erased, queued sync jobs failed and
     * an audit row written, in one transaction. A connection already revoked is left as it is.
     *
     * @param actor  who said so, for the audit row, e.g. {@code slack}
     * @param reason what the provider said, e.g. {@code app_uninstalled}
     * @return whether the connection was revoked by this call
     */
    boolean revoke(TenantId tenant, Provider provider, UUID connectionId, String actor, String reason);
}
