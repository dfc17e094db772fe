package com.poblysh.connectors.processor;

import static com.poblysh.connectors.processor.TestPipeline.WAIT;
import static com.poblysh.connectors.processor.TestPipeline.githubEvent;
import static com.poblysh.connectors.processor.TestPipeline.issueOpened;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

import com.poblysh.connectors.processor.operations.DeadLetter;
import com.poblysh.connectors.processor.operations.GroupLag;
import com.poblysh.connectors.processor.operations.OperationRun;
import com.poblysh.connectors.processor.operations.Operations;
import com.poblysh.connectors.processor.operations.Position;
import com.poblysh.connectors.processor.operations.RedriveRequest;
import com.poblysh.connectors.processor.operations.ReplayRequest;
import com.poblysh.connectors.processor.operations.ReplayRequest.Mode;
import com.poblysh.connectors.schemas.avro.RawEvent;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Replays, rebuilds and redrives on the real broker and Postgres, next to the live processor of the same context
 * (which consumes with its own group all along).
 */
@ProcessorIntegrationTest
class OperationsIntegrationTests {

    @RegisterExtension
    static final TestPipeline pipeline = new TestPipeline();

    @Autowired
    Operations operations;

    @Autowired
    JdbcClient jdbc;

    @Test
    void replayOfATimeRangeForOneTenantStoresExactlyTheMissingSignalsAndTouchesNoOtherTenant() {
        UUID tenant = UUID.randomUUID();
        UUID other = UUID.randomUUID();
        RecordMetadata before = send(tenant, "before");
        awaitClockPast(before.timestamp());
        List<RecordMetadata> inRange = List.of(send(tenant, "a"), send(other, "x"), send(tenant, "b"),
                send(tenant, "c"));
        long last = inRange.stream().mapToLong(RecordMetadata::timestamp).max().orElseThrow();
        awaitClockPast(last);
        send(tenant, "after");
        await().atMost(WAIT).until(() -> count(tenant) == 5 && count(other) == 1);
        // Lost rows (a restore from an older backup, say): two in the range, one before, one after, one of other.
        forget(tenant, "before", "a", "b", "after");
        forget(other, "x");

        OperationRun run = replay(new ReplayRequest(Position.at(Instant.ofEpochMilli(before.timestamp() + 1)),
                Position.at(Instant.ofEpochMilli(last + 1)), tenant, null, Mode.INSERT_MISSING, null, false));

        assertThat(run.status()).isEqualTo("succeeded");
        assertThat(titles(tenant)).containsExactlyInAnyOrder("a", "b", "c");
        assertThat(count(other)).isZero();
        assertThat(run.progress().stored()).isEqualTo(2);
        assertThat(run.progress().updated()).isZero();
        assertThat(run.progress().failed()).isZero();
        assertThat(run.progress().read()).isEqualTo(run.progress().total()).isGreaterThanOrEqualTo(4);
        assertThat(run.filters()).containsEntry("tenant", tenant.toString()).containsEntry("mode", "insert-missing");
    }

    @Test
    void rebuildAfterANormalizerChangeUpdatesTheSignalsInPlaceWithTheSameIdsAndCount() {
        UUID tenant = UUID.randomUUID();
        RecordMetadata first = send(tenant, "one");
        send(tenant, "two");
        send(tenant, "three");
        await().atMost(WAIT).until(() -> count(tenant) == 3);
        List<Map<String, Object>> before = rows(tenant);
        ReplayRequest rebuild = new ReplayRequest(Position.at(Instant.ofEpochMilli(first.timestamp())), null, tenant,
                "github", Mode.REBUILD, null, false);

        OperationRun unchanged = replay(rebuild);
        SwitchableNormalization.CORRECTED.add(tenant);
        OperationRun corrected;
        try {
            corrected = replay(rebuild);
        } finally {
            SwitchableNormalization.CORRECTED.remove(tenant);
        }

        assertThat(unchanged.progress().updated()).isZero();
        assertThat(unchanged.progress().stored()).isZero();
        assertThat(corrected.progress().updated()).isEqualTo(3);
        assertThat(corrected.progress().stored()).isZero();
        List<Map<String, Object>> after = rows(tenant);
        assertThat(after).extracting(row -> row.get("id"))
                .containsExactlyInAnyOrderElementsOf(before.stream().map(row -> row.get("id")).toList());
        assertThat(titles(tenant)).containsExactlyInAnyOrder("Fixed: one", "Fixed: two", "Fixed: three");
        assertThat(after).allSatisfy(row -> assertThat(row.get("normalization_version")).isEqualTo(2));
        // Nothing else of the signal is lost or changed.
        for (Map<String, Object> row : after) {
            Map<String, Object> old = before.stream().filter(b -> b.get("id").equals(row.get("id"))).findFirst()
                    .orElseThrow();
            for (String column : List.of("kind", "occurred_at", "received_at", "actor", "url", "source_event_id",
                    "dedupe_key", "provider")) {
                assertThat(row.get(column)).as(column).isEqualTo(old.get(column));
            }
        }
        // An older normalization (the version went back to 1) never overwrites a newer result.
        OperationRun older = replay(rebuild);
        assertThat(older.progress().updated()).isZero();
        assertThat(titles(tenant)).containsExactlyInAnyOrder("Fixed: one", "Fixed: two", "Fixed: three");
    }

    @Test
    void replayWhileLiveTrafficFlowsKeepsItsRateAndLiveLatencyBoundedWithoutDuplicates() throws Exception {
        UUID replayed = UUID.randomUUID();
        UUID live = UUID.randomUUID();
        int events = 60;
        double rate = 30;
        RecordMetadata first = storedThenLost(replayed, "r", events);

        long started = System.nanoTime();
        CompletableFuture<OperationRun> replay = CompletableFuture.supplyAsync(() -> replay(new ReplayRequest(
                Position.at(Instant.ofEpochMilli(first.timestamp())), null, replayed, null, Mode.INSERT_MISSING, rate,
                false)));
        List<Duration> latencies = new ArrayList<>();
        int liveEvents = 0;
        while (!replay.isDone()) {
            String title = "live" + liveEvents++;
            long sent = System.nanoTime();
            send(live, title);
            await().atMost(WAIT).until(() -> titles(live).contains(title));
            latencies.add(Duration.ofNanos(System.nanoTime() - sent));
        }
        OperationRun run = replay.get();
        double seconds = (System.nanoTime() - started) / 1e9;

        assertThat(run.status()).isEqualTo("succeeded");
        assertThat(run.progress().stored()).isEqualTo(events);
        // The limit holds: the replay's records took at least their share of time at the rate (less one burst).
        assertThat(run.progress().read() / seconds).isLessThanOrEqualTo(rate * 1.2);
        assertThat(liveEvents).isGreaterThan(1);
        assertThat(latencies).allSatisfy(latency -> assertThat(latency).isLessThan(Duration.ofSeconds(5)));
        assertThat(count(replayed)).isEqualTo(events);
        assertThat(count(live)).isEqualTo(liveEvents);
        assertThat(jdbc.sql("SELECT count(DISTINCT dedupe_key) FROM signals WHERE tenant_id = ?").param(replayed)
                .query(Long.class).single()).isEqualTo(events);
        // The replay read with a group of its own, never the live one, and recorded when it committed.
        List<GroupLag> lag = operations.lag("connectors-admin-replay-" + run.id(), Duration.ZERO);
        assertThat(lag).isNotEmpty().allSatisfy(l -> assertThat(l.lastCommitAt()).isNotNull());
        // The live processor commits its commit time too, so lag shows when each partition last moved.
        assertThat(operations.lag("signal-processor", Duration.ZERO)).isNotEmpty()
                .allSatisfy(l -> assertThat(l.lastCommitAt()).isNotNull());
    }

    @Test
    void cancelledReplayResumedFromItsCheckpointFinishesTheSetExactlyOnce() {
        UUID tenant = UUID.randomUUID();
        int events = 40;
        RecordMetadata first = storedThenLost(tenant, "e", events);
        ReplayRequest request = new ReplayRequest(Position.at(Instant.ofEpochMilli(first.timestamp())), null, tenant,
                null, Mode.INSERT_MISSING, 40.0, false);
        UUID id = operations.createReplay(request, "test", false);

        // Ctrl-C once a part is done.
        AtomicLong seen = new AtomicLong();
        OperationRun cancelled = operations.run(id, progress -> seen.set(progress.stored()), () -> seen.get() >= 10);
        OperationRun resumed = operations.run(id, progress -> { }, () -> false);

        assertThat(cancelled.status()).isEqualTo("cancelled");
        assertThat(cancelled.progress().stored()).isBetween(10L, (long) events - 1);
        assertThat(resumed.status()).isEqualTo("succeeded");
        assertThat(resumed.id()).isEqualTo(id);
        assertThat(resumed.progress().stored()).isEqualTo(events);
        assertThat(resumed.progress().read()).isEqualTo(resumed.progress().total());
        assertThat(count(tenant)).isEqualTo(events);
    }

    @Test
    void cancelAskedOnTheRunRowStopsItAndASucceededRunCannotRunAgain() {
        UUID tenant = UUID.randomUUID();
        RecordMetadata first = send(tenant, "c0");
        for (int i = 1; i < 30; i++) {
            send(tenant, "c" + i);
        }
        await().atMost(WAIT).until(() -> count(tenant) == 30);
        UUID id = operations.createReplay(new ReplayRequest(Position.at(Instant.ofEpochMilli(first.timestamp())),
                null, tenant, null, Mode.INSERT_MISSING, 20.0, true), "test", false);

        OperationRun run = operations.run(id, progress -> {
            if (progress.read() > 0) {
                operations.cancel(id);
            }
        }, () -> false);
        OperationRun resumed = operations.run(id, progress -> { }, () -> false);

        assertThat(run.status()).isEqualTo("cancelled");
        assertThat(run.cancelRequested()).isTrue();
        assertThat(resumed.status()).isEqualTo("succeeded");
        // A dry run stores nothing, and counts what exists as skipped.
        assertThat(resumed.progress().stored()).isZero();
        assertThat(count(tenant)).isEqualTo(30);
        org.assertj.core.api.Assertions.assertThatIllegalStateException()
                .isThrownBy(() -> operations.run(id, progress -> { }, () -> false));
    }

    @Test
    void redriveTurnsADeadLetterWhoseBugIsFixedIntoASignalAndLeavesTheStillPoisonOne() {
        UUID tenant = UUID.randomUUID();
        SwitchableNormalization.BROKEN.add(tenant);
        try {
            send(tenant, "hit by the bug");
            pipeline.sendBytes(tenant.toString(), "still not avro".getBytes(StandardCharsets.UTF_8));
            await().atMost(WAIT).until(() -> pipeline.deadLetters(tenant.toString()).size() == 2);
        } finally {
            SwitchableNormalization.BROKEN.remove(tenant);
        }
        RedriveRequest mine = new RedriveRequest(tenant, null, null, null, false);
        List<DeadLetter> listed = operations.deadLetters(mine, 100);
        assertThat(listed).hasSize(2);
        DeadLetter bug = listed.stream().filter(l -> "github".equals(l.provider())).findFirst().orElseThrow();
        assertThat(bug.reason()).contains("the normalizer bug of this test");
        assertThat(bug.originalTopic()).isEqualTo("connectors.raw-events");
        assertThat(bug.originalOffset()).isNotNull();
        assertThat(bug.payloadSummary()).contains("hit by the bug");
        assertThat(operations.deadLetter(bug.partition(), bug.offset())).contains(bug);
        assertThat(operations.deadLetters(new RedriveRequest(tenant, null, "magic byte", null, false), 100))
                .hasSize(1).allSatisfy(l -> assertThat(l.provider()).isNull());

        OperationRun dry = redrive(new RedriveRequest(tenant, null, null, null, true));
        assertThat(count(tenant)).isZero();
        OperationRun run = redrive(mine);
        OperationRun again = redrive(mine);

        assertThat(dry.progress().stored()).isEqualTo(1);
        assertThat(run.status()).isEqualTo("succeeded");
        assertThat(run.progress().stored()).isEqualTo(1);
        assertThat(run.progress().failed()).isEqualTo(1);
        assertThat(titles(tenant)).containsExactly("hit by the bug");
        assertThat(again.progress().stored()).isZero();
        assertThat(again.progress().failed()).isEqualTo(1);
        assertThat(operations.deadLetters(mine, 100)).extracting(DeadLetter::redriven)
                .containsExactlyInAnyOrder(true, false);
    }

    @Test
    void aQueuedRunIsTakenByTheWorkerAndItsProgressIsReadable() {
        UUID tenant = UUID.randomUUID();
        RecordMetadata first = send(tenant, "w0");
        send(tenant, "w1");
        await().atMost(WAIT).until(() -> count(tenant) == 2);
        forget(tenant, "w0");

        UUID id = operations.createReplay(new ReplayRequest(Position.at(Instant.ofEpochMilli(first.timestamp())),
                null, tenant, null, Mode.INSERT_MISSING, null, false), "test", true);

        OperationRun run = await().atMost(WAIT).until(() -> operations.find(id).orElseThrow(), OperationRun::finished);
        assertThat(run.status()).isEqualTo("succeeded");
        assertThat(run.progress().stored()).isEqualTo(1);
        assertThat(count(tenant)).isEqualTo(2);
        assertThat(operations.latest("replay", 50)).extracting(OperationRun::id).contains(id);
    }

    /** Sends {@code events} events of the tenant ({@code <prefix>0}, ...), awaits their signals and deletes them. */
    private RecordMetadata storedThenLost(UUID tenant, String prefix, int events) {
        RecordMetadata first = send(tenant, prefix + "0");
        for (int i = 1; i < events; i++) {
            send(tenant, prefix + i);
        }
        await().atMost(WAIT).until(() -> count(tenant) == events);
        jdbc.sql("DELETE FROM signals WHERE tenant_id = ?").param(tenant).update();
        jdbc.sql("DELETE FROM signal_keys WHERE tenant_id = ?").param(tenant).update();
        return first;
    }

    private OperationRun replay(ReplayRequest request) {
        return operations.run(operations.createReplay(request, "test", false), progress -> { }, () -> false);
    }

    private OperationRun redrive(RedriveRequest request) {
        return operations.run(operations.createRedrive(request, "test", false), progress -> { }, () -> false);
    }

    private static RecordMetadata send(UUID tenant, String title) {
        RawEvent event = githubEvent(tenant, "issues", UUID.randomUUID().toString(),
                issueOpened(title, Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS)));
        return pipeline.send(event);
    }

    private static void awaitClockPast(long millis) {
        await().until(() -> System.currentTimeMillis() > millis);
    }

    private void forget(UUID tenant, String... titles) {
        for (String title : titles) {
            String key = jdbc.sql("DELETE FROM signals WHERE tenant_id = ? AND title = ? RETURNING dedupe_key")
                    .params(tenant, title).query(String.class).single();
            jdbc.sql("DELETE FROM signal_keys WHERE tenant_id = ? AND dedupe_key = ?").params(tenant, key).update();
        }
    }

    private long count(UUID tenant) {
        return jdbc.sql("SELECT count(*) FROM signals WHERE tenant_id = ?").param(tenant).query(Long.class).single();
    }

    private List<String> titles(UUID tenant) {
        return jdbc.sql("SELECT title FROM signals WHERE tenant_id = ?").param(tenant).query(String.class).list();
    }

    private List<Map<String, Object>> rows(UUID tenant) {
        return jdbc.sql("SELECT * FROM signals WHERE tenant_id = ?").param(tenant).query().listOfRows();
    }
}
