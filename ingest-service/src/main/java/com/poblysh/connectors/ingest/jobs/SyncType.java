package com.poblysh.connectors.ingest.jobs;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * The {@code sync_jobs.job_type} values the engine runs: polls ({@code full}, {@code incremental}) through a
 * {@link PollExecutor}, and the upkeep of a connection's webhooks ({@code provision}, {@code redeliver}) through a
 * {@link WebhookProvisioner}. {@code webhook} and {@code replay} jobs are not run here.
 */
public enum SyncType {
    FULL, INCREMENTAL,
    /** Creates the connection's webhooks at the provider, or reconciles them with what the connection covers. */
    PROVISION,
    /** Asks the provider to redeliver what it failed to deliver to the connection's webhooks. */
    REDELIVER;

    /** {@code full}, {@code incremental}, {@code provision} or {@code redeliver}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether a job of this type reads the provider's activity (a {@link PollExecutor}'s work). */
    public boolean polls() {
        return this == FULL || this == INCREMENTAL;
    }

    static Optional<SyncType> fromWireName(String name) {
        return Arrays.stream(values()).filter(t -> t.wireName().equals(name)).findFirst();
    }
}
