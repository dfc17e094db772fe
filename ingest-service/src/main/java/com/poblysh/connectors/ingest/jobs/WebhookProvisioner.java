package com.poblysh.connectors.ingest.jobs;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.poblysh.connectors.common.provider.Provider;

/**
 * Keeps a provider's webhooks of a connection alive, run by the sync engine as jobs: {@code provision} creates them
 * (queued at the scheduler's first tick after a connect, then every {@link #reconcileInterval()} to reconcile them with
 * what the connection covers), {@code redeliver} asks the provider to send again what it failed to deliver (every
 * {@link #redeliverInterval()} while the connection has hooks; never for a provider without a redelivery API). A
 * failure is a {@link PollException}, acted on as for polls (retried with backoff, a refused token refreshed once)
 * except that it never puts the connection in status {@code error}: it shows as the connection's {@code last_error}
 * and the hooks' own errors.
 */
public interface WebhookProvisioner {

    /** The provider whose connections this provisions. */
    Provider provider();

    /** How often an active connection's hooks are reconciled. */
    Duration reconcileInterval();

    /**
     * How often the failed deliveries of a connection's hooks are looked for and redelivered; empty when the
     * provider has no redelivery API (no {@code redeliver} jobs are queued).
     */
    Optional<Duration> redeliverInterval();

    /** Creates, keeps or removes the connection's hooks; returns what it did, one entry per action. */
    List<Map<String, Object>> provision(PollContext context) throws PollException;

    /**
     * Asks the provider to redeliver failed deliveries of the connection's hooks; one entry per redelivery. Only
     * called when {@link #redeliverInterval()} is present.
     */
    default List<Map<String, Object>> redeliver(PollContext context) throws PollException {
        return List.of();
    }
}
