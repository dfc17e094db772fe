package com.poblysh.connectors.ingest.jobs;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the sync engine ({@code poblysh.ingest.jobs.*}).
 *
 * @param enabled         whether this instance schedules and runs sync jobs ({@code POBLYSH_JOBS_ENABLED}, default
 *                        true); an instance meant only for webhooks turns it off
 * @param interval        how often each active connection of a polled provider gets an incremental sync
 *                        ({@code POBLYSH_JOBS_INTERVAL}, default 15m)
 * @param jitter          up to this much is added at random to each scheduled incremental sync, so connections
 *                        connected together are not polled together ({@code POBLYSH_JOBS_JITTER}, default 1m, less
 *                        than the interval)
 * @param workers         jobs this instance runs at once ({@code POBLYSH_JOBS_WORKERS}, default 2)
 * @param pollInterval    how often an idle worker looks for due jobs and the scheduler for connections due a sync
 *                        ({@code POBLYSH_JOBS_POLL_INTERVAL}, default 5s)
 * @param lease           how long a claimed job stays this instance's without a heartbeat; heartbeats come every
 *                        third of it, and a crashed instance's jobs are taken over after it
 *                        ({@code POBLYSH_JOBS_LEASE}, default 60s)
 * @param maxAttempts     runs of a job that may fail (or die with their worker) before it fails for good
 *                        ({@code POBLYSH_JOBS_MAX_ATTEMPTS}, default 8)
 * @param maxPagesPerRun  pages one run reads before it hands the job back to the queue, so one large backfill does
 *                        not hold a worker for hours ({@code POBLYSH_JOBS_MAX_PAGES_PER_RUN}, default 100)
 */
@Validated
@ConfigurationProperties("poblysh.ingest.jobs")
record SyncJobsProperties(
        @DefaultValue("true") boolean enabled,
        @NotNull @DefaultValue("15m") Duration interval,
        @NotNull @DefaultValue("1m") Duration jitter,
        @Min(0) @Max(64) @DefaultValue("2") int workers,
        @NotNull @DefaultValue("5s") Duration pollInterval,
        @NotNull @DefaultValue("60s") Duration lease,
        @Min(1) @Max(100) @DefaultValue("8") int maxAttempts,
        @Min(1) @DefaultValue("100") int maxPagesPerRun) {

    /** Below this a heartbeat every third of the lease is too tight for a database round trip under load. */
    static final Duration MIN_LEASE = Duration.ofSeconds(3);

    SyncJobsProperties {
        if (interval != null && interval.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException("poblysh.ingest.jobs.interval must be at least 1s, got " + interval);
        }
        if (jitter != null && (jitter.isNegative() || (interval != null && jitter.compareTo(interval) >= 0))) {
            throw new IllegalArgumentException("poblysh.ingest.jobs.jitter must be between 0 and the interval ("
                    + interval + "), got " + jitter);
        }
        if (pollInterval != null && (pollInterval.isZero() || pollInterval.isNegative())) {
            throw new IllegalArgumentException("poblysh.ingest.jobs.poll-interval must be positive, got "
                    + pollInterval);
        }
        if (lease != null && lease.compareTo(MIN_LEASE) < 0) {
            throw new IllegalArgumentException("poblysh.ingest.jobs.lease must be at least " + MIN_LEASE + ", got "
                    + lease);
        }
    }

    /** How often a running job's lease is extended. */
    Duration heartbeat() {
        return lease.dividedBy(3);
    }
}
