package com.poblysh.connectors.query.jobs;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code sync_jobs.job_type}. Core may request {@code full} and {@code incremental} syncs; {@code webhook},
 * {@code replay}, {@code provision} (create or reconcile the connection's webhooks) and {@code redeliver} (ask the
 * provider to redeliver failed deliveries) jobs are created by the pipeline itself.
 */
enum JobType {
    FULL, INCREMENTAL, WEBHOOK, REPLAY, PROVISION, REDELIVER;

    String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    boolean requestable() {
        return this == FULL || this == INCREMENTAL;
    }

    static Optional<JobType> fromWireName(String name) {
        return Arrays.stream(values()).filter(t -> t.wireName().equals(name)).findFirst();
    }
}
