package com.poblysh.connectors.ingest.jobs;

import java.util.UUID;

import com.poblysh.connectors.common.provider.Provider;
import com.poblysh.connectors.common.tenancy.TenantId;

/**
 * The seam for token refresh: when an executor answers {@link PollException.Kind#UNAUTHORIZED}, the engine calls
 * {@link #refresh} once per run and, when it answers true, reads the page again; when it answers false the token
 * cannot be renewed and the job fails ({@code unauthorized}, the connection goes to {@code error}); when it throws,
 * the refresh itself failed (the provider is down) and the job is retried later. The service's bean renews through
 * {@code common.tokens} (single-flight per connection, contract §9); {@link #NONE} is for tests.
 */
@FunctionalInterface
public interface CredentialRefresher {

    /** Refreshes nothing: an unauthorized answer fails the job with {@code unauthorized}. */
    CredentialRefresher NONE = (tenant, provider, connectionId) -> false;

    /**
     * Obtains and stores fresh credentials of the connection.
     *
     * @return whether new credentials are stored and the refused page is worth reading again
     * @throws RuntimeException when the refresh could not be completed now (worth trying again later)
     */
    boolean refresh(TenantId tenant, Provider provider, UUID connectionId);
}
