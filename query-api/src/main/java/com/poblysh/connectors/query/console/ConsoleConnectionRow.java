package com.poblysh.connectors.query.console;

import java.time.Instant;
import java.util.UUID;

import com.poblysh.connectors.common.provider.Provider;
import com.poblysh.connectors.common.tenancy.TenantId;

/**
 * One row of the console's list: a connection the operator may see, its health as the sync engine left it, and the
 * operator's role for its tenant (from the grant the query joined).
 *
 * @param lastErrorCode    {@code last_error.code}, null when the connection has no surfaced error
 * @param lastErrorMessage {@code last_error.message}
 * @param syncRunning      a sync job of the connection is running now
 * @param nextSyncAt       when it is synced next ({@code NextSync}, as {@code GET /connections} says); null when
 *                         nothing will sync it (inactive, or not polled and nothing queued)
 */
record ConsoleConnectionRow(UUID id, TenantId tenant, Provider provider, String status, String displayName,
        String externalId, Instant createdAt, Instant lastSyncedAt, String lastErrorCode, String lastErrorMessage,
        Instant lastErrorAt, boolean syncRunning, Instant nextSyncAt, OperatorRole role) {

    boolean active() {
        return "active".equals(status);
    }
}
