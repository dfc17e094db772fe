package com.poblysh.connectors.ingest.webhook.microsoftgraph;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import com.poblysh.connectors.common.provider.Provider;
import com.poblysh.connectors.common.tenancy.TenantId;
import com.poblysh.connectors.common.tenancy.Uuids;
import com.poblysh.connectors.ingest.connections.ConnectionOperations;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Handles Graph lifecycle notifications, which are about the subscription, not about data, so they never become
 * signals: {@code reauthorizationRequired} queues a reauthorization run, {@code subscriptionRemoved} a run to
 * recreate the subscription plus an incremental sync (changes since the removal were not notified), and
 * {@code missed} a {@code full} sync (Graph dropped notifications it does not name, so no delta cursor is trusted)
 * plus a run recording it. Runs have deterministic ids, so Graph's retries record
 * each once.
 */
final class MicrosoftGraphLifecycle {

    private static final Logger log = LoggerFactory.getLogger(MicrosoftGraphLifecycle.class);
    private static final UUID RUN_NAMESPACE = UUID.fromString("0b7d8a4e-93a1-4f5e-8c2d-6e1f4a9b3c57");

    private final ConnectionOperations operations;

    MicrosoftGraphLifecycle(ConnectionOperations operations) {
        this.operations = operations;
    }

    /** A validated lifecycle notification of {@code tenant}, from {@code connectionId}'s subscription (or null). */
    void handle(TenantId tenant, UUID connectionId, Notice notice) {
        String kind = switch (notice.event()) {
            case "reauthorizationRequired" -> "graph_subscription_reauthorize";
            case "subscriptionRemoved" -> "graph_subscription_recreate";
            case "missed" -> "graph_resync";
            default -> "graph_lifecycle_" + notice.event();
        };
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("lifecycle_event", notice.event());
        details.put("subscription_id", notice.subscriptionId());
        details.put("subscription_expiration", notice.subscriptionExpiration());
        details.put("connection_id", connectionId == null ? null : connectionId.toString());
        UUID runId = Uuids.nameBased(RUN_NAMESPACE, tenant + ":" + notice.subscriptionId() + ":" + notice.event()
                + ":" + notice.subscriptionExpiration());
        operations.recordRun(runId, tenant, kind, notice.subscriptionId(), details);
        boolean removed = "subscriptionRemoved".equals(notice.event());
        boolean missed = "missed".equals(notice.event());
        if ((removed || missed) && connectionId != null) {
            if (missed) {
                operations.queueFullSync(tenant, Provider.MICROSOFT_GRAPH, connectionId);
            } else {
                operations.queueIncrementalSync(tenant, Provider.MICROSOFT_GRAPH, connectionId);
            }
        } else if (removed || missed) {
            log.warn("Graph {} for subscription {} of tenant {}: an operator posted it for no connection, "
                    + "so no sync can be queued", notice.event(), notice.subscriptionId(), tenant);
        }
    }

    /** The fields of a lifecycle notification. */
    record Notice(String event, String subscriptionId, String subscriptionExpiration) {
    }
}
