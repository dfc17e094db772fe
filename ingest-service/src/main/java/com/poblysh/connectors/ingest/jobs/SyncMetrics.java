package com.poblysh.connectors.ingest.jobs;

import java.time.Duration;

import com.poblysh.connectors.common.provider.Provider;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * The engine's meters: {@code poblysh.ingest.sync.runs{provider, job_type, outcome}} (a timer: count and duration
 * of runs; outcomes {@code succeeded}, {@code yielded}, {@code rate_limited}, {@code retry}, {@code failed},
 * {@code lease_lost}), {@code poblysh.ingest.sync.items{provider}} (events published by stored pages) and
 * {@code poblysh.ingest.sync.scheduled{job_type}} (jobs the scheduler queued).
 */
final class SyncMetrics {

    static final String RUNS = "poblysh.ingest.sync.runs";
    static final String ITEMS = "poblysh.ingest.sync.items";
    static final String SCHEDULED = "poblysh.ingest.sync.scheduled";

    private final MeterRegistry registry;

    SyncMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void run(ClaimedJob job, String outcome, Duration took) {
        Timer.builder(RUNS).description("Sync runs by provider, job type and outcome")
                .tag("provider", job.provider().id()).tag("job_type", job.type().wireName()).tag("outcome", outcome)
                .register(registry).record(took);
    }

    void items(Provider provider, int count) {
        Counter.builder(ITEMS).description("Events published by sync runs").tag("provider", provider.id())
                .register(registry).increment(count);
    }

    void scheduled(String jobType) {
        Counter.builder(SCHEDULED).description("Sync jobs queued by the scheduler").tag("job_type", jobType)
                .register(registry).increment();
    }
}
