package com.poblysh.connectors.ingest.jobs;

import static com.poblysh.connectors.ingest.jobs.SyncBench.drain;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import com.poblysh.connectors.common.provider.Provider;
import com.poblysh.connectors.common.tenancy.EventIds;
import com.poblysh.connectors.common.tenancy.TenantId;
import com.poblysh.connectors.ingest.IngestIntegrationTest;
import com.poblysh.connectors.ingest.connections.ConnectionOperations;
import com.poblysh.connectors.schemas.avro.EventSource;
import com.poblysh.connectors.schemas.avro.RawEvent;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * The sync engine on the real schema and broker: engines with their own owner and clock against the shared
 * database, an in-test executor behind the SPI, every published event read back from {@code connectors.raw-events}.
 */
@IngestIntegrationTest
class SyncEngineIntegrationTests extends JobsEngineTests {

    @Autowired
    ConnectionOperations operations;

    UUID connection;

    @BeforeEach
    void aTenantWithAGithubConnection() {
        connection = bench.connection(tenant, Provider.GITHUB, "active");
    }

    @Test
    void aMultiPageSyncPublishesEveryItemOnceAndStoresTheFinalCursor() {
        github.addItems(connection, 10);
        UUID job = queue(connection, SyncType.FULL);
        SyncEngine engine = engine("a");

        drain(engine);

        assertPublishedOnce(github.deliveryIds(connection));
        List<RawEvent> events = TenantRawEvents.read(tenant);
        assertThat(events).allSatisfy(e -> {
            assertThat(e.getSource()).isEqualTo(EventSource.poll);
            assertThat(e.getConnectionId()).isEqualTo(connection);
            assertThat(e.getProvider()).isEqualTo("github");
            assertThat(e.getEventType()).isEqualTo(FakeProvider.EVENT_TYPE);
            assertThat(e.getEventId()).isEqualTo(EventIds.eventId("github", e.getDeliveryId()));
        });
        assertThat(github.calls(connection)).extracting(c -> c.cursor() == null ? null : c.cursor().get("offset")
                .asInt()).containsExactly(null, 4, 8);
        Map<String, Object> row = bench.job(job);
        assertThat(row).containsEntry("status", "succeeded").containsEntry("attempts", 1).containsEntry("items", 10L)
                .containsEntry("error", null).containsEntry("lease_owner", null);
        assertThat(cursor(row)).isEqualTo(10);
        assertThat(instant(row.get("started_at"))).isEqualTo(clock.instant());
        assertThat(instant(row.get("finished_at"))).isEqualTo(clock.instant());
        Map<String, Object> run = single(bench.runs(job));
        assertThat(run).containsEntry("status", "succeeded").containsEntry("started_by", engine.owner())
                .containsEntry("error", null).containsEntry("id", row.get("run_id"));
        JsonNode progress = json.readTree((String) run.get("progress"));
        assertThat(progress.get("pages").asInt()).isEqualTo(3);
        assertThat(progress.get("items").asInt()).isEqualTo(10);
        assertThat(progress.get("outcome").asString()).isEqualTo("succeeded");
        assertThat(progress.get("connection_id").asString()).isEqualTo(connection.toString());
        assertThat(meters.get(SyncMetrics.ITEMS).tag("provider", "github").counter().count()).isEqualTo(10);
        assertThat(meters.get(SyncMetrics.RUNS).tag("outcome", "succeeded").tag("job_type", "full").timer().count())
                .isEqualTo(1);
    }

    @Test
    void aFailureOnPage3LeavesTheCursorAtPage2AndTheRetryCompletesTheSet() {
        github.addItems(connection, 16);
        github.failOnce(3, PollException.transientFailure("timeout", "GitHub did not answer in 10 s", null));
        UUID job = queue(connection, SyncType.FULL);
        SyncEngine engine = engine("a");

        drain(engine);

        Map<String, Object> afterFailure = bench.job(job);
        assertThat(afterFailure).containsEntry("status", "queued").containsEntry("attempts", 1)
                .containsEntry("items", 8L).containsEntry("lease_owner", null);
        assertThat(cursor(afterFailure)).isEqualTo(8);
        assertThat(json.readTree((String) afterFailure.get("error")).get("code").asString()).isEqualTo("timeout");
        // the first retry waits min(5·2^0, 900) s, less up to a fifth of jitter
        Instant retryAt = instant(afterFailure.get("scheduled_at"));
        assertThat(retryAt).isBetween(clock.instant().plusSeconds(4), clock.instant().plusSeconds(5));
        assertThat(instant(afterFailure.get("retry_after"))).isEqualTo(retryAt);
        drain(engine);
        assertThat(bench.job(job)).containsEntry("status", "queued");

        clock.advance(Duration.ofSeconds(5));
        drain(engine);

        Map<String, Object> done = bench.job(job);
        assertThat(done).containsEntry("status", "succeeded").containsEntry("attempts", 2).containsEntry("items", 16L)
                .containsEntry("error", null);
        assertThat(cursor(done)).isEqualTo(16);
        assertPublishedOnce(github.deliveryIds(connection));
        assertThat(bench.runs(job)).extracting(r -> r.get("status")).containsExactly("failed", "succeeded");
    }

    @Test
    void aPageKafkaDidNotFullyAcknowledgeNeverMovesTheCursor() {
        github.addItems(connection, 8);
        AtomicBoolean failed = new AtomicBoolean();
        github.hook((context, page, normal) -> {
            if (page == 2 && failed.compareAndSet(false, true)) {
                // larger than the producer's max.request.size: Kafka refuses this record, the others are acknowledged
                List<PolledEvent> events = new ArrayList<>(normal.events());
                events.add(1, new PolledEvent("issues", connection + ":too-large@v1", tooLarge()));
                return PollPage.more(events, normal.nextCursor());
            }
            return normal;
        });
        UUID job = queue(connection, SyncType.FULL);
        SyncEngine engine = engine("a");

        drain(engine);

        Map<String, Object> afterFailure = bench.job(job);
        assertThat(afterFailure).containsEntry("status", "queued").containsEntry("items", 4L);
        assertThat(cursor(afterFailure)).isEqualTo(4);
        assertThat(json.readTree((String) afterFailure.get("error")).get("code").asString())
                .isEqualTo("publish_failed");

        clock.advance(Duration.ofSeconds(5));
        drain(engine);

        assertThat(bench.job(job)).containsEntry("status", "succeeded").containsEntry("items", 8L);
        // what Kafka had acknowledged of the refused page is published again, under the same event ids, which the
        // processor drops; the refused event never made it
        List<RawEvent> events = TenantRawEvents.read(tenant);
        assertThat(events.stream().map(RawEvent::getDeliveryId).distinct())
                .containsExactlyInAnyOrderElementsOf(github.deliveryIds(connection));
        assertThat(events).hasSizeGreaterThan(8);
    }

    @Test
    void aRateLimitedAnswerWaitsUntilTheProviderSaysAndThenCompletes() {
        github.addItems(connection, 8);
        Instant resetAt = clock.instant().plusSeconds(120);
        github.failOnce(2, PollException.rateLimited(resetAt, "API rate limit exceeded"));
        UUID job = queue(connection, SyncType.INCREMENTAL);
        SyncEngine engine = engine("a");

        drain(engine);

        Map<String, Object> waiting = bench.job(job);
        assertThat(waiting).containsEntry("status", "queued").containsEntry("attempts", 0);
        assertThat(cursor(waiting)).isEqualTo(4);
        assertThat(instant(waiting.get("scheduled_at"))).isEqualTo(resetAt);
        JsonNode error = json.readTree((String) waiting.get("error"));
        assertThat(error.get("code").asString()).isEqualTo("rate_limited");
        assertThat(error.get("retry_at").asString()).isEqualTo(resetAt.toString());
        clock.advance(Duration.ofSeconds(119));
        drain(engine);
        assertThat(bench.job(job)).containsEntry("status", "queued");

        clock.advance(Duration.ofSeconds(1));
        drain(engine);

        assertThat(bench.job(job)).containsEntry("status", "succeeded").containsEntry("attempts", 1);
        assertPublishedOnce(github.deliveryIds(connection));
        assertThat(meters.get(SyncMetrics.RUNS).tag("outcome", "rate_limited").timer().count()).isEqualTo(1);
    }

    @Test
    void aPermanentErrorFailsTheJobWithItsErrorAndIsNeverRetried() {
        github.addItems(connection, 8);
        github.failAlways(PollException.permanent("not_found", "repository octo/gone does not exist"));
        UUID job = queue(connection, SyncType.FULL);
        SyncEngine engine = engine("a");

        drain(engine);
        clock.advance(Duration.ofDays(1));
        drain(engine);

        Map<String, Object> row = bench.job(job);
        assertThat(row).containsEntry("status", "failed").containsEntry("attempts", 1).containsEntry("cursor", null);
        assertThat(instant(row.get("finished_at"))).isEqualTo(MutableClock.START);
        JsonNode error = json.readTree((String) row.get("error"));
        assertThat(error.propertyNames()).containsExactlyInAnyOrder("code", "message", "at");
        assertThat(error.get("code").asString()).isEqualTo("not_found");
        assertThat(error.get("message").asString()).isEqualTo("repository octo/gone does not exist");
        assertThat(error.get("at").asString()).isEqualTo(MutableClock.START.toString());
        assertThat(github.calls(connection)).hasSize(1);
        assertThat(single(bench.runs(job))).containsEntry("status", "failed");
    }

    @Test
    void anUnauthorizedAnswerRefreshesTheCredentialsOnceAndReadsThePageAgain() {
        github.addItems(connection, 8);
        github.failOnce(2, PollException.unauthorized("Bad credentials"));
        AtomicInteger refreshes = new AtomicInteger();
        UUID job = queue(connection, SyncType.FULL);
        SyncEngine engine = engine("a", (t, p, c) -> {
            assertThat(c).isEqualTo(connection);
            refreshes.incrementAndGet();
            return true;
        });

        drain(engine);

        assertThat(refreshes).hasValue(1);
        assertThat(bench.job(job)).containsEntry("status", "succeeded").containsEntry("attempts", 1);
        assertPublishedOnce(github.deliveryIds(connection));
    }

    @Test
    void anUnauthorizedAnswerAfterTheRefreshFailsTheJob() {
        github.addItems(connection, 8);
        github.failAlways(PollException.unauthorized("Bad credentials"));
        AtomicInteger refreshes = new AtomicInteger();
        UUID job = queue(connection, SyncType.FULL);
        SyncEngine engine = engine("a", (t, p, c) -> {
            refreshes.incrementAndGet();
            return true;
        });

        drain(engine);

        assertThat(refreshes).hasValue(1);
        assertThat(github.calls(connection)).hasSize(2);
        Map<String, Object> row = bench.job(job);
        assertThat(row).containsEntry("status", "failed");
        assertThat(json.readTree((String) row.get("error")).get("code").asString()).isEqualTo("unauthorized");
    }

    @Test
    void aJobWhoseWorkerDiedIsResumedByAnotherWorkerAfterItsLease() throws Exception {
        github.addItems(connection, 12);
        CountDownLatch stuck = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        FakeProvider dying = stuckOnPage2(12, stuck, release);
        UUID job = queue(connection, SyncType.FULL);
        SyncEngine a = bench.engine("a", dying, clock, SyncBench.PROPERTIES, CredentialRefresher.NONE, meters);
        SyncEngine b = engine("b");
        // a is never started, so nothing renews its lease: as if its process had died in the middle of page 2
        CompletableFuture<Boolean> aRun = CompletableFuture.supplyAsync(a::runNext);
        assertThat(stuck.await(30, TimeUnit.SECONDS)).isTrue();
        assertThat(cursor(bench.job(job))).isEqualTo(4);

        drain(b);
        assertThat(bench.job(job)).containsEntry("status", "running").containsEntry("lease_owner", a.owner());

        clock.advance(SyncBench.PROPERTIES.lease().plusSeconds(1));
        drain(b);

        Map<String, Object> row = bench.job(job);
        assertThat(row).containsEntry("status", "succeeded").containsEntry("attempts", 2).containsEntry("items", 12L);
        assertThat(cursor(row)).isEqualTo(12);
        assertThat(github.calls(connection)).extracting(c -> c.cursor().get("offset").asInt())
                .containsExactly(4, 8);
        release.countDown();
        assertThat(aRun.get(30, TimeUnit.SECONDS)).isTrue();
        // the old worker woke up, found its lease taken over and published nothing of its page
        assertPublishedOnce(github.deliveryIds(connection));
        assertThat(bench.job(job)).containsEntry("status", "succeeded").containsEntry("items", 12L);
        List<Map<String, Object>> runs = bench.runs(job);
        assertThat(runs).extracting(r -> r.get("started_by")).containsExactly(a.owner(), b.owner());
        assertThat(runs).extracting(r -> r.get("status")).containsExactly("failed", "succeeded");
        assertThat(json.readTree((String) runs.get(0).get("error")).get("code").asString())
                .isEqualTo("lease_expired");
    }

    @Test
    void aConnectionsSecondJobWaitsUntilItsRunningJobFinished() throws Exception {
        github.addItems(connection, 8);
        CountDownLatch stuck = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        FakeProvider slow = stuckOnPage2(8, stuck, release);
        bench.queue(tenant, connection, Provider.GITHUB, SyncType.FULL, clock.instant().minusSeconds(1));
        UUID incremental = queue(connection, SyncType.INCREMENTAL);
        SyncEngine a = bench.engine("a", slow, clock, SyncBench.PROPERTIES, CredentialRefresher.NONE, meters);
        SyncEngine b = engine("b");
        CompletableFuture<Boolean> aRun = CompletableFuture.supplyAsync(a::runNext);
        assertThat(stuck.await(30, TimeUnit.SECONDS)).isTrue();

        drain(b);

        assertThat(bench.job(incremental)).containsEntry("status", "queued");
        assertThat(github.calls(connection)).isEmpty();
        release.countDown();
        assertThat(aRun.get(30, TimeUnit.SECONDS)).isTrue();
        drain(b);
        assertThat(bench.job(incremental)).containsEntry("status", "succeeded").containsEntry("items", 0L);
        assertThat(github.calls(connection)).singleElement()
                .satisfies(c -> assertThat(c.cursor().get("offset").asInt()).isEqualTo(8));
        assertPublishedOnce(github.deliveryIds(connection));
    }

    @Test
    void twoEnginesShareTheQueueButNeverRunOneConnectionsJobsAtOnce() {
        List<UUID> connections = new ArrayList<>(List.of(connection));
        for (int i = 1; i < 6; i++) {
            connections.add(bench.connection(tenant, Provider.GITHUB, "active"));
        }
        CountDownLatch bothPolling = new CountDownLatch(2);
        AtomicBoolean overlapped = new AtomicBoolean();
        github.hook((context, page, normal) -> {
            // the first two polls wait for each other: one engine has one worker, so they are one from each
            bothPolling.countDown();
            if (awaitQuietly(bothPolling)) {
                overlapped.set(true);
            }
            return normal;
        });
        List<UUID> jobs = new ArrayList<>();
        for (UUID c : connections) {
            github.addItems(c, 12);
            jobs.add(bench.queue(tenant, c, Provider.GITHUB, SyncType.FULL, clock.instant().minusSeconds(2)));
        }
        // an incremental sync beside a full one: it may only start once the full one finished, from its cursor
        jobs.add(bench.queue(tenant, connections.get(0), Provider.GITHUB, SyncType.INCREMENTAL,
                clock.instant().minusSeconds(1)));
        jobs.add(bench.queue(tenant, connections.get(1), Provider.GITHUB, SyncType.INCREMENTAL,
                clock.instant().minusSeconds(1)));
        SyncEngine a = engine("a");
        SyncEngine b = engine("b");

        a.start();
        b.start();
        try {
            await().atMost(Duration.ofSeconds(60)).until(() -> jobs.stream()
                    .allMatch(j -> "succeeded".equals(bench.job(j).get("status"))));
        } finally {
            a.stop();
            b.stop();
        }

        assertThat(overlapped).isTrue();
        assertThat(github.overlaps()).isZero();
        List<String> all = connections.stream().flatMap(c -> github.deliveryIds(c).stream()).toList();
        assertPublishedOnce(all);
        assertThat(jobs.stream().flatMap(j -> bench.runs(j).stream()).map(r -> r.get("started_by")).distinct())
                .containsExactlyInAnyOrder(a.owner(), b.owner());
    }

    @Test
    void aSyncAskedForWhileOneRunsIsQueuedAgainWhenItEndsAndReadsWhatChangedMeanwhile() throws Exception {
        github.addItems(connection, 8);
        CountDownLatch stuck = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        FakeProvider slow = new FakeProvider(Provider.GITHUB, PAGE).addItems(connection, 8)
                .hook((context, page, normal) -> {
                    if (page == 2) {
                        stuck.countDown();
                        awaitQuietly(release);
                    }
                    return normal;
                });
        TenantId id = TenantId.of(tenant);
        assertThat(operations.queueIncrementalSync(id, Provider.GITHUB, connection)).isTrue();
        // before the sync started: coalesced with it, and it reads the change anyway
        assertThat(operations.queueIncrementalSync(id, Provider.GITHUB, connection)).isFalse();
        SyncEngine a = bench.engine("a", slow, clock, SyncBench.PROPERTIES, CredentialRefresher.NONE, meters);
        CompletableFuture<Boolean> aRun = CompletableFuture.supplyAsync(a::runNext);
        assertThat(stuck.await(30, TimeUnit.SECONDS)).isTrue();

        // a change notified while the sync runs (it may have read past it already) is coalesced into it too
        assertThat(operations.queueIncrementalSync(id, Provider.GITHUB, connection)).isFalse();
        github.addItems(connection, 2);
        release.countDown();
        assertThat(aRun.get(30, TimeUnit.SECONDS)).isTrue();

        assertThat(bench.jobsOf(tenant)).extracting(j -> j.get("job_type") + ":" + j.get("status"))
                .containsExactly("incremental:succeeded", "incremental:queued");
        drain(engine("b"));
        assertThat(bench.jobsOf(tenant)).extracting(j -> j.get("job_type") + ":" + j.get("status"))
                .containsExactly("incremental:succeeded", "incremental:succeeded");
        assertPublishedOnce(github.deliveryIds(connection));
        assertThat(github.deliveryIds(connection)).hasSize(10);
    }

    @Test
    void aSyncNobodyAskedForAgainIsNotQueuedAgain() {
        github.addItems(connection, 3);
        TenantId id = TenantId.of(tenant);
        assertThat(operations.queueIncrementalSync(id, Provider.GITHUB, connection)).isTrue();
        assertThat(operations.queueIncrementalSync(id, Provider.GITHUB, connection)).isFalse();

        drain(engine("a"));

        assertThat(bench.jobsOf(tenant)).extracting(j -> j.get("job_type") + ":" + j.get("status"))
                .containsExactly("incremental:succeeded");
    }

    @Test
    void anIncrementalSyncStartsWhereTheConnectionsLastSyncEnded() {
        github.addItems(connection, 6);
        queue(connection, SyncType.FULL);
        SyncEngine engine = engine("a");
        drain(engine);
        github.addItems(connection, 3);
        clock.advance(Duration.ofMinutes(15));
        UUID incremental = queue(connection, SyncType.INCREMENTAL);

        drain(engine);

        assertThat(github.calls(connection)).last().satisfies(c -> {
            assertThat(c.type()).isEqualTo(SyncType.INCREMENTAL);
            assertThat(c.cursor().get("offset").asInt()).isEqualTo(6);
        });
        assertThat(bench.job(incremental)).containsEntry("status", "succeeded").containsEntry("items", 3L);
        assertThat(cursor(bench.job(incremental))).isEqualTo(9);
        assertPublishedOnce(github.deliveryIds(connection));
    }

    @Test
    void aLongSyncHandsItsJobBackToTheQueueAfterItsPageBudget() {
        github.addItems(connection, 20);
        UUID job = queue(connection, SyncType.FULL);
        SyncEngine engine = bench.engine("a", github, clock, SyncBench.properties(2), CredentialRefresher.NONE,
                meters);

        assertThat(engine.runNext()).isTrue();
        Map<String, Object> handedBack = bench.job(job);
        assertThat(handedBack).containsEntry("status", "queued").containsEntry("attempts", 0)
                .containsEntry("error", null);
        assertThat(cursor(handedBack)).isEqualTo(8);

        drain(engine);

        assertThat(bench.job(job)).containsEntry("status", "succeeded").containsEntry("attempts", 1);
        assertThat(bench.runs(job)).hasSize(3).extracting(r -> r.get("status")).containsOnly("succeeded");
        assertPublishedOnce(github.deliveryIds(connection));
    }

    @Test
    void aJobOfARevokedConnectionFailsWithoutPolling() {
        github.addItems(connection, 4);
        UUID job = queue(connection, SyncType.INCREMENTAL);
        bench.execute("UPDATE connections SET status = 'revoked' WHERE id = ?", connection);

        drain(engine("a"));

        Map<String, Object> row = bench.job(job);
        assertThat(row).containsEntry("status", "failed");
        assertThat(json.readTree((String) row.get("error")).get("code").asString()).isEqualTo("connection_inactive");
        assertThat(github.calls(connection)).isEmpty();
    }

    private SyncEngine engine(String name) {
        return engine(name, CredentialRefresher.NONE);
    }

    /** Every one of {@code deliveryIds} is on the topic for the tenant exactly once, and nothing else is. */
    private void assertPublishedOnce(List<String> deliveryIds) {
        assertThat(TenantRawEvents.read(tenant)).extracting(RawEvent::getDeliveryId)
                .containsExactlyInAnyOrderElementsOf(deliveryIds);
    }

    private int cursor(Map<String, Object> job) {
        return json.readTree((String) job.get("cursor")).get("offset").asInt();
    }

    private static <T> T single(List<T> list) {
        assertThat(list).hasSize(1);
        return list.get(0);
    }

    private static byte[] tooLarge() {
        byte[] payload = new byte[3 * 1024 * 1024];
        java.util.Arrays.fill(payload, (byte) ' ');
        payload[0] = '{';
        payload[payload.length - 1] = '}';
        return payload;
    }

    /** A fake GitHub with {@code items} items whose second page waits for {@code release}, once {@code stuck}. */
    private FakeProvider stuckOnPage2(int items, CountDownLatch stuck, CountDownLatch release) {
        return new FakeProvider(Provider.GITHUB, PAGE).addItems(connection, items).hook((context, page, normal) -> {
            if (page == 2) {
                stuck.countDown();
                awaitQuietly(release);
            }
            return normal;
        });
    }

    private static boolean awaitQuietly(CountDownLatch latch) {
        try {
            return latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
