package com.poblysh.connectors.ingest.jobs;

import com.poblysh.connectors.common.provider.Provider;

/**
 * Reads one page of a provider's activity for a connection: the sync engine's only provider-specific part. Register
 * one bean per provider (in {@code ingest.polling.<provider>}); a provider without one is not polled.
 *
 * <p>The engine publishes the page's events, stores {@link PollPage#nextCursor()} only after Kafka acknowledged all
 * of them, and asks for the next page at once while {@link PollPage#hasMore()}. An executor is therefore asked for
 * the same page again after any failure, and must build the same delivery ids for the same items.
 */
public interface PollExecutor {

    /** The provider this executor polls. */
    Provider provider();

    /**
     * The page that starts at {@link PollContext#cursor()} ({@code null}: from the beginning).
     *
     * @throws PollException what went wrong, typed so the engine knows whether and when to try again
     */
    PollPage poll(PollContext context) throws PollException;
}
