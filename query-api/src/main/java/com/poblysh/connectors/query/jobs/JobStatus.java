package com.poblysh.connectors.query.jobs;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** {@code sync_jobs.status}. */
enum JobStatus {
    QUEUED, RUNNING, SUCCEEDED, FAILED;

    String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    static Optional<JobStatus> fromWireName(String name) {
        return Arrays.stream(values()).filter(s -> s.wireName().equals(name)).findFirst();
    }
}
