package com.poblysh.connectors.ingest.jobs;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** The {@code sync_jobs.job_type} values the engine runs ({@code webhook} and {@code replay} jobs are not polls). */
public enum SyncType {
    FULL, INCREMENTAL;

    /** {@code full} or {@code incremental}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    static Optional<SyncType> fromWireName(String name) {
        return Arrays.stream(values()).filter(t -> t.wireName().equals(name)).findFirst();
    }
}
