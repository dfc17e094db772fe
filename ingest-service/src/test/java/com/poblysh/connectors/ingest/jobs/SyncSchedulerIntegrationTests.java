package com.poblysh.connectors.ingest.jobs;

import static com.poblysh.connectors.ingest.jobs.SyncBench.drain;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

import com.poblysh.connectors.common.provider.Provider;
import com.poblysh.connectors.ingest.IngestIntegrationTest;
import org.junit.jupiter.api.Test;

/** The scheduler on the real schema: what it queues for which connection, and never a second active job. */
@IngestIntegrationTest
class SyncSchedulerIntegrationTests extends JobsEngineTests {

    @Test
    void queuesOneFullSyncForANewConnectionOfAPolledProviderHoweverManyInstancesTick() {
        UUID fresh = bench.connection(tenant, Provider.GITHUB, "active");
        bench.connection(tenant, Provider.GITHUB, "revoked");
        bench.connection(tenant, Provider.SLACK, "active");
        SyncEngine a = engine("a");
        SyncEngine b = engine("b");

        tickTogether(a, b, 5);

        assertThat(bench.jobsOf(tenant)).singleElement().satisfies(job -> {
            assertThat(job).containsEntry("connection_id", fresh).containsEntry("job_type", "full")
                    .containsEntry("status", "queued");
            assertThat(instant(job.get("scheduled_at"))).isEqualTo(clock.instant());
        });
    }

    @Test
    void queuesOneIncrementalSyncAnIntervalAfterTheLastOneWithJitter() {
        UUID connection = bench.connection(tenant, Provider.GITHUB, "active");
        github.addItems(connection, 2);
        SyncEngine a = engine("a");
        SyncEngine b = engine("b");
        a.schedule();
        drain(a);
        Duration interval = SyncBench.PROPERTIES.interval();

        clock.advance(interval.minusSeconds(1));
        tickTogether(a, b, 3);
        assertThat(bench.jobsOf(tenant)).hasSize(1);

        clock.advance(Duration.ofSeconds(1));
        tickTogether(a, b, 5);

        List<Map<String, Object>> jobs = bench.jobsOf(tenant);
        assertThat(jobs).extracting(j -> j.get("job_type")).containsExactly("full", "incremental");
        Instant scheduled = instant(jobs.get(1).get("scheduled_at"));
        assertThat(scheduled).isBetween(clock.instant(), clock.instant().plus(SyncBench.PROPERTIES.jitter()));
        assertThat(jobs.get(1)).containsEntry("status", "queued");
    }

    @Test
    void aSyncRequestedThroughTheApiCountsAsTheConnectionsSync() {
        UUID connection = bench.connection(tenant, Provider.GITHUB, "active");
        UUID requested = queue(connection, SyncType.INCREMENTAL);

        engine("a").schedule();

        assertThat(bench.jobsOf(tenant)).singleElement().satisfies(job -> assertThat(job.get("id")).isEqualTo(requested));
    }

    @Test
    void aStartedEngineRunsTheSyncItSchedulesForANewConnection() {
        UUID connection = bench.connection(tenant, Provider.GITHUB, "active");
        github.addItems(connection, 6);
        SyncEngine engine = engine("a");

        engine.start();
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> bench.jobsOf(tenant).stream()
                    .anyMatch(j -> "succeeded".equals(j.get("status"))));
        } finally {
            engine.stop();
        }

        assertThat(bench.jobsOf(tenant)).singleElement().satisfies(j -> assertThat(j).containsEntry("job_type", "full"));
        assertThat(TenantRawEvents.read(tenant)).hasSize(6);
        assertThat(engine.isRunning()).isFalse();
    }

    private SyncEngine engine(String name) {
        return engine(name, CredentialRefresher.NONE);
    }

    /** Both engines tick {@code times} times each, at once. */
    private static void tickTogether(SyncEngine a, SyncEngine b, int times) {
        CompletableFuture.allOf(IntStream.range(0, times * 2).mapToObj(i -> CompletableFuture.runAsync(
                        () -> (i % 2 == 0 ? a : b).schedule())).toArray(CompletableFuture[]::new))
                .join();
    }
}
