package com.poblysh.connectors.query.jobs;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code sync_jobs.job_type}. Core may request {@code full} and {@code incremental} syncs; {@code webhook} and
 * {@code replay} jobs are created by the pipeline itself.
 */
enum JobType {
    FULL, INCREMENTAL, WEBHOOK, REPLAY;

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
