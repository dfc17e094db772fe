package com.poblysh.connectors.processor;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import ch.qos.logback.classic.Level;
import com.poblysh.connectors.common.provider.Provider;
import com.poblysh.connectors.processor.normalize.DedupeKey;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Storage of signals and upkeep of their partitions, on the real Postgres. */
@ProcessorIntegrationTest
class SignalStoreIntegrationTests {

    @Autowired
    SignalStore store;

    @Autowired
    SignalPartitions partitions;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    MeterRegistry meters;

    @Test
    void insertingTheSameRowsAgainKeepsOneCopyOfEach() {
        UUID tenant = UUID.randomUUID();
        SignalRow a = row(tenant, "github:a");
        SignalRow b = row(tenant, "github:b");
        List<SignalRow> rows = List.of(a, b, a);

        store.insert(rows);
        store.insert(rows);

        assertThat(jdbc.sql("SELECT dedupe_key FROM signals WHERE tenant_id = ? ORDER BY dedupe_key").param(tenant)
                .query(String.class).list()).containsExactly("github:a", "github:b");
    }

    /**
     * Writers that race on the same keys with other times (a consumer that lost its partitions still finishing a
     * batch, a replay in its own group): one row per key, whatever the order.
     */
    @Test
    void concurrentWritersOfTheSameKeysWithOtherTimesStoreOneSignalPerKey() throws Exception {
        UUID tenant = UUID.randomUUID();
        Instant base = Instant.now().truncatedTo(ChronoUnit.MICROS).minus(10, ChronoUnit.DAYS);
        int writers = 6;
        int keys = 300;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> done = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            int writer = w;
            List<SignalRow> rows = new ArrayList<>();
            for (int k = 0; k < keys; k++) {
                // Each writer computes another time for the key, up to 20 days apart: other partitions too.
                rows.add(row(tenant, "microsoft_graph:k" + k, base.plus(writer * 4L, ChronoUnit.DAYS).plusMillis(k)));
            }
            Collections.shuffle(rows, new Random(writer));
            done.add(pool.submit(() -> {
                start.await();
                for (int from = 0; from < rows.size(); from += 50) {
                    store.insert(rows.subList(from, Math.min(rows.size(), from + 50)));
                }
                return null;
            }));
        }
        start.countDown();
        for (Future<?> f : done) {
            f.get(60, TimeUnit.SECONDS);
        }
        pool.shutdown();

        assertThat(jdbc.sql("SELECT count(*) FROM signals WHERE tenant_id = ?").param(tenant).query(Long.class)
                .single()).isEqualTo(keys);
        assertThat(jdbc.sql("SELECT count(DISTINCT dedupe_key) FROM signals WHERE tenant_id = ?").param(tenant)
                .query(Long.class).single()).isEqualTo(keys);
        assertThat(jdbc.sql("SELECT count(*) FROM signal_keys WHERE tenant_id = ?").param(tenant).query(Long.class)
                .single()).isEqualTo(keys);
    }

    @Test
    void recreatesAMissingPartitionOfTheMonthsAhead() {
        LocalDate inTwoMonths = LocalDate.now(ZoneOffset.UTC).withDayOfMonth(1).plusMonths(2);
        String partition = "signals_" + inTwoMonths.format(DateTimeFormatter.ofPattern("yyyy_MM"));
        jdbc.sql("DROP TABLE IF EXISTS " + partition).update();

        int created = partitions.ensure();

        assertThat(created).isGreaterThanOrEqualTo(1);
        assertThat(jdbc.sql("SELECT to_regclass(?)::text").param(partition).query(String.class).single())
                .isEqualTo(partition);
    }

    @Test
    void aMonthWhoseRowsSitInTheDefaultPartitionIsAnErrorAndAGauge() {
        LocalDate inTwoMonths = LocalDate.now(ZoneOffset.UTC).withDayOfMonth(1).plusMonths(2);
        String partition = "signals_" + inTwoMonths.format(DateTimeFormatter.ofPattern("yyyy_MM"));
        UUID tenant = UUID.randomUUID();
        jdbc.sql("DROP TABLE IF EXISTS " + partition).update();
        store.insert(List.of(row(tenant, "github:early", inTwoMonths.atStartOfDay(ZoneOffset.UTC).toInstant())));
        try (CapturedLogs logs = CapturedLogs.start()) {
            partitions.ensureAndLog();

            assertThat(logs.ofProcessorAndSpringKafka()).filteredOn(e -> e.getLevel() == Level.ERROR)
                    .anySatisfy(e -> assertThat(e.getFormattedMessage()).contains(partition, "signals_default"));
            assertThat(meters.get("poblysh.processor.partitions.missing").gauge().value()).isGreaterThanOrEqualTo(1);
        } finally {
            jdbc.sql("DELETE FROM signals WHERE tenant_id = ?").param(tenant).update();
            partitions.ensureAndLog();
        }
        assertThat(partitions.missing()).isEmpty();
        assertThat(meters.get("poblysh.processor.partitions.missing").gauge().value()).isZero();
    }

    @Test
    void aSignalIsStoredOnceEvenWhenARedeliveryComputesAnotherTime() {
        UUID tenant = UUID.randomUUID();
        Instant firstReceipt = Instant.now().truncatedTo(ChronoUnit.MICROS);
        SignalRow first = row(tenant, "microsoft_graph:abc", firstReceipt);
        // Graph retried the notification an hour later (next month, even): another receipt time, same key and id.
        SignalRow retried = row(tenant, "microsoft_graph:abc", firstReceipt.plus(40, ChronoUnit.DAYS));
        SignalRow other = row(tenant, "microsoft_graph:def", firstReceipt);

        store.insert(List.of(first, other));
        store.insert(List.of(retried));
        store.insert(List.of(retried, first));

        assertThat(jdbc.sql("SELECT dedupe_key, occurred_at FROM signals WHERE tenant_id = ? ORDER BY dedupe_key")
                .param(tenant).query((rs, i) -> rs.getString(1) + "@"
                        + rs.getObject(2, OffsetDateTime.class).toInstant()).list())
                .containsExactly("microsoft_graph:abc@" + firstReceipt, "microsoft_graph:def@" + firstReceipt);
    }

    @Test
    void twoCopiesWithOtherTimesInOneBatchStoreOne() {
        UUID tenant = UUID.randomUUID();
        Instant at = Instant.now().truncatedTo(ChronoUnit.MICROS);

        store.insert(List.of(row(tenant, "microsoft_graph:x", at),
                row(tenant, "microsoft_graph:x", at.plusSeconds(5))));

        assertThat(jdbc.sql("SELECT count(*) FROM signals WHERE tenant_id = ?").param(tenant).query(Long.class)
                .single()).isEqualTo(1);
    }

    @Test
    void largePayloadsAreCompressedWithLz4InEveryPartition() {
        UUID tenant = UUID.randomUUID();
        StringBuilder body = new StringBuilder("{\"commits\": [");
        for (int i = 0; i < 200; i++) {
            body.append(i == 0 ? "" : ",").append("{\"id\": \"").append(i).append("\", \"message\": \"fix the build\"}");
        }
        SignalRow large = new SignalRow(UUID.randomUUID(), tenant, Provider.GITHUB, null, "code_pushed",
                Instant.now().truncatedTo(ChronoUnit.MICROS).minusSeconds(60), Instant.now(), null, null, null,
                body.append("]}").toString(), UUID.randomUUID(), DedupeKey.parse("github:large"));

        store.insert(List.of(large));

        assertThat(jdbc.sql("SELECT pg_column_compression(payload) FROM signals WHERE tenant_id = ?").param(tenant)
                .query(String.class).single()).isEqualTo("lz4");
        assertThat(jdbc.sql("""
                        SELECT count(*) FROM pg_attribute a JOIN pg_inherits i ON a.attrelid = i.inhrelid
                        WHERE i.inhparent = 'signals'::regclass AND a.attname = 'payload' AND a.attcompression <> 'l'""")
                .query(Long.class).single()).isZero();
    }

    private static SignalRow row(UUID tenant, String dedupeKey) {
        return row(tenant, dedupeKey, Instant.now().truncatedTo(ChronoUnit.MICROS).minusSeconds(60));
    }

    private static SignalRow row(UUID tenant, String dedupeKey, Instant occurredAt) {
        Instant at = Instant.now().truncatedTo(ChronoUnit.MICROS);
        return new SignalRow(UUID.nameUUIDFromBytes((tenant + dedupeKey).getBytes()), tenant, Provider.GITHUB, null,
                "issue_created", occurredAt, at, "octocat", "Title", "https://github.com/o/r/issues/1",
                "{\"action\": \"opened\"}", UUID.randomUUID(), DedupeKey.parse(dedupeKey));
    }
}
