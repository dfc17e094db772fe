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
 * @param activeJobStatus  {@code queued} or {@code running} when a sync job is waiting or in progress, else null
 * @param activeJobAt      when that job is (or was) scheduled
 */
record ConsoleConnectionRow(UUID id, TenantId tenant, Provider provider, String status, String displayName,
        String externalId, Instant createdAt, Instant lastSyncedAt, String lastErrorCode, String lastErrorMessage,
        Instant lastErrorAt, String activeJobStatus, Instant activeJobAt, OperatorRole role) {

    boolean active() {
        return "active".equals(status);
    }
}
