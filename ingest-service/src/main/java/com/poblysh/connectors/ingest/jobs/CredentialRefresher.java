package com.poblysh.connectors.ingest.jobs;

import java.util.UUID;

import com.poblysh.connectors.common.provider.Provider;
import com.poblysh.connectors.common.tenancy.TenantId;

/**
 * The seam for token refresh: when an executor answers {@link PollException.Kind#UNAUTHORIZED}, the engine calls
 * {@link #refresh} once per run and, when it answers true, reads the page again. Until a refresher bean exists
 * (single-flight per connection, contract §9), {@link #NONE} is used and an unauthorized job fails.
 */
@FunctionalInterface
public interface CredentialRefresher {

    /** Refreshes nothing: an unauthorized answer fails the job with {@code unauthorized}. */
    CredentialRefresher NONE = (tenant, provider, connectionId) -> false;

    /**
     * Obtains and stores fresh credentials of the connection.
     *
     * @return whether new credentials are stored and the refused page is worth reading again
     */
    boolean refresh(TenantId tenant, Provider provider, UUID connectionId);
}
