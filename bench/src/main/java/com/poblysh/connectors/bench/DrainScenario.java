package com.poblysh.connectors.bench;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;

import com.poblysh.connectors.bench.JdbcSignalWriter.SignalRow;
import com.poblysh.connectors.bench.github.GithubEvent;
import com.poblysh.connectors.bench.github.GithubEvents;
import com.poblysh.connectors.schemas.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.Utils;
import org.springframework.kafka.listener.MessageListenerContainer;
import tools.jackson.databind.json.JsonMapper;

/**
 * Scenario 2: {@code connectors.raw-events} pre-filled with skewed raw events (tenant i holds a share ~ 1/i^1.1),
 * then the processor started and timed until its committed offsets reach the end (offsets are committed only after
 * the database commit, so every row is in). Baselines: the same rows written straight to the same, again empty,
 * table by plain JDBC with as many writers as the processor has listener threads, split by Kafka partition the
 * same way: the processor's statement as a rewritten JDBC batch, and COPY; the better one is the baseline.
 */
final class DrainScenario {

    private static final int SCENARIO = 2;
    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** Rows per baseline transaction (the processor's SignalStore chunk). */
    static final int BASELINE_BATCH = 1000;
    /** Events whose baseline rows are prepared at once. */
    static final int PREPARED_CHUNK = 25_000;

    private final BenchStack stack;
    private final BenchSettings settings;
    private final GithubEvents generator = new GithubEvents(SCENARIO);
    private final Instant base = Instant.now();
    private final int[] tenantOf;

    DrainScenario(BenchStack stack, BenchSettings settings) {
        this.stack = stack;
        this.settings = settings;
        this.tenantOf = Tenants.assignment(settings.drainEvents(), settings.drainTenants(), SCENARIO);
    }

    /**
     * Event {@code i}: its timestamps spread over the last 20 days (the warm-up's, past the drained ones, over the
     * 20 before), so rows land in the live monthly partitions.
     */
    private GithubEvent event(int i) {
        long spreadMillis = Duration.ofDays(20).toMillis();
        long at = i < settings.drainEvents() ? spreadMillis * i / settings.drainEvents()
                : spreadMillis + spreadMillis * (i - settings.drainEvents()) / settings.drainWarmupEvents();
        return generator.event(i, base.minusMillis(at));
    }

    private UUID tenant(int i) {
        return Tenants.id(SCENARIO, tenantOf[i]);
    }

    Map<String, Object> run(Report report, MemoryWatch memory) throws Exception {
        int n = settings.drainEvents();
        MessageListenerContainer listener = stack.processorListener();
        listener.stop();
        truncate();
        Map<String, Object> result = new LinkedHashMap<>();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers()))) {
            // the ingest scenario's records are not part of this drain
            RawEventOffsets.skipTo(admin, stack.processorGroup(), endOffsets(admin));

            int warm = settings.drainWarmupEvents();
            Progress.say(String.format(Locale.ROOT, "drain: warm-up, %,d raw events", warm));
            prefill(n, n + warm);
            drain(admin, endOffsets(admin));
            listener.stop();
            truncate();

            Map<TopicPartition, Long> start = endOffsets(admin);
            Progress.say(String.format(Locale.ROOT, "drain: pre-filling %,d raw events over %,d tenants", n,
                    settings.drainTenants()));
            double prefillSeconds = prefill(0, n);
            Map<TopicPartition, Long> end = endOffsets(admin);
            long expected = sum(end) - sum(start);
            if (expected != n) {
                throw new IllegalStateException("pre-fill wrote " + expected + " records, expected " + n);
            }
            Progress.say(String.format(Locale.ROOT, "drain: pre-filled in %.1f s; starting the processor",
                    prefillSeconds));

            QuietDisk.flush(stack);
            memory.begin();
            CpuMeter.Snapshot cpuBefore = CpuMeter.take();
            double drainSeconds = drain(admin, end);
            CpuMeter.Snapshot cpuAfter = CpuMeter.take();
            result.put("memory", memory.end());
            double processorMicros = CpuMeter.micros(
                    CpuMeter.threadNanos(cpuBefore, cpuAfter, BenchStack::isProcessorThread), n);
            double brokerMicros = CpuMeter.micros(
                    CpuMeter.threadNanos(cpuBefore, cpuAfter, BenchStack::isBrokerThread), n);
            double postgresMicros = CpuMeter.micros(CpuMeter.postgresNanos(cpuBefore, cpuAfter), n);
            long rows = countSignals();
            double rate = rows / drainSeconds;
            Progress.say(String.format(Locale.ROOT, "drain: %,d signals in %.1f s = %,.0f signals/s; CPU per signal: "
                    + "processor %.0f us, broker %.0f us, PostgreSQL %.0f us", rows, drainSeconds, rate,
                    processorMicros, brokerMicros, postgresMicros));
            if (rows != n) {
                throw new IllegalStateException("the processor stored " + rows + " signals, expected " + n);
            }
            sameRowsAsBaseline();

            BaselineRun insert = baseline("insert");
            Progress.say(String.format(Locale.ROOT, "drain baseline: JDBC batch INSERT x%d: %,.0f rows/s; CPU per "
                    + "row: writers %.0f us, PostgreSQL %.0f us", insert.writers, insert.perSecond(),
                    insert.writerMicros(), insert.postgresMicros()));
            BaselineRun copy = baseline("copy");
            Progress.say(String.format(Locale.ROOT, "drain baseline: COPY x%d: %,.0f rows/s; CPU per row: writers "
                    + "%.0f us, PostgreSQL %.0f us", copy.writers, copy.perSecond(), copy.writerMicros(),
                    copy.postgresMicros()));
            BaselineRun best = insert.perSecond() >= copy.perSecond() ? insert : copy;

            int[] counts = Tenants.counts(n, settings.drainTenants());
            report.add(new Row("2 processor", String.format(Locale.ROOT, "drain %,d events, %,d tenants", n,
                    settings.drainTenants()), Report.perSecond(rate) + " signals",
                    best.label() + ": " + Report.perSecond(best.perSecond()), Report.ratio(rate / best.perSecond()),
                    ">= 0.70x", Report.met(rate / best.perSecond() >= 0.7)));
            BaselineRun other = best == insert ? copy : insert;
            report.add(new Row("2 processor", "other JDBC baseline", "",
                    other.label() + ": " + Report.perSecond(other.perSecond()), Report.ratio(rate / other.perSecond()),
                    "", ""));
            report.add(new Row("2 processor", "CPU per signal (client / PostgreSQL)",
                    String.format(Locale.ROOT, "%.0f us / %.0f us", processorMicros, postgresMicros),
                    String.format(Locale.ROOT, "%s: %.0f us / %.0f us", best.label(), best.writerMicros(),
                            best.postgresMicros()), "", "", ""));
            report.add(Row.info("2 processor", "skew", String.format(Locale.ROOT,
                    "largest tenant %.0f%%, top 10 %.0f%%, busiest partition %.0f%% of events",
                    100 * Tenants.topShare(counts, 1), 100 * Tenants.topShare(counts, 10),
                    100 * busiestPartitionShare(start, end))));

            result.put("events", n);
            result.put("tenants", settings.drainTenants());
            result.put("largest_tenant_share", Latencies.round(Tenants.topShare(counts, 1)));
            result.put("top10_tenant_share", Latencies.round(Tenants.topShare(counts, 10)));
            result.put("busiest_partition_share", Latencies.round(busiestPartitionShare(start, end)));
            result.put("prefill_seconds", Latencies.round(prefillSeconds));
            result.put("processor_seconds", Latencies.round(drainSeconds));
            result.put("processor_signals_per_second", Math.round(rate));
            result.put("processor_listener_threads", stack.processorConcurrency());
            result.put("cpu_micros_per_signal_processor", processorMicros);
            result.put("cpu_micros_per_signal_broker", brokerMicros);
            result.put("cpu_micros_per_signal_postgres", postgresMicros);
            result.put("baseline_insert", insert.figures());
            result.put("baseline_copy", copy.figures());
            result.put("baseline_best", best.label());
            result.put("ratio_to_best_baseline", Latencies.round(rate / best.perSecond()));
        }
        return result;
    }

    /**
     * Checks on a sample that the processor stored exactly the rows the baselines write (same id, kind, time, actor,
     * title, url, payload, keys), so the comparison is of equal work; a normalizer change shows up here.
     */
    private void sameRowsAsBaseline() throws SQLException {
        String sql = "SELECT id, kind, occurred_at, actor, title, url, payload::text, source_event_id, dedupe_key "
                + "FROM signals WHERE tenant_id = ? AND dedupe_key = ?";
        try (Connection c = stack.connect(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < settings.drainEvents(); i += Math.max(1, settings.drainEvents() / 50)) {
                SignalRow expected = SignalRow.of(tenant(i), event(i), Instant.EPOCH);
                ps.setObject(1, expected.tenantId());
                ps.setString(2, expected.dedupeKey());
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        throw new IllegalStateException("no signal for " + expected.dedupeKey());
                    }
                    List<Object> stored = List.of(rs.getObject(1, UUID.class), rs.getString(2),
                            rs.getObject(3, OffsetDateTime.class).toInstant(), rs.getString(4),
                            rs.getString(5), rs.getString(6), JSON.readTree(rs.getString(7)),
                            rs.getObject(8, UUID.class), rs.getString(9));
                    List<Object> wanted = List.of(expected.id(), expected.kind(), expected.occurredAt(),
                            expected.actor(), expected.title(), expected.url(), JSON.readTree(expected.payload()),
                            expected.sourceEventId(), expected.dedupeKey());
                    if (!stored.equals(wanted)) {
                        throw new IllegalStateException("the processor stored " + stored.subList(0, 6)
                                + " where the baseline writes " + wanted.subList(0, 6));
                    }
                }
            }
        }
    }

    /**
     * Starts the processor and answers the seconds from its partitions being assigned to its committed offsets
     * reaching {@code end} (offsets are committed after the database commit, so all rows are in by then).
     */
    private double drain(Admin admin, Map<TopicPartition, Long> end)
            throws Exception {
        stack.startProcessor();
        long t0 = System.nanoTime();
        long target = sum(end);
        long drainDeadline = t0 + Duration.ofMinutes(10).toNanos();
        while (committed(admin) < target) {
            if (System.nanoTime() > drainDeadline) {
                throw new IllegalStateException("the processor did not drain in 10 minutes");
            }
            Thread.sleep(25);
        }
        return (System.nanoTime() - t0) / 1e9;
    }

    private double busiestPartitionShare(Map<TopicPartition, Long> start, Map<TopicPartition, Long> end) {
        long max = 0;
        long total = 0;
        for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
            long count = e.getValue() - start.getOrDefault(e.getKey(), 0L);
            max = Math.max(max, count);
            total += count;
        }
        return total == 0 ? 0 : (double) max / total;
    }

    /** Produces events {@code [from, to)} (tenant of event i is that of event i mod n). */
    private double prefill(int from, int to) throws Exception {
        long start = System.nanoTime();
        stack.produceRawEvents("bench-prefill", from, to,
                i -> WebhookRequests.rawEvent(tenant(i % settings.drainEvents()), event(i)));
        return (System.nanoTime() - start) / 1e9;
    }

    /** One timed baseline run and its figures. */
    record BaselineRun(String method, int writers, long rows, double seconds, long writerCpuNanos,
            long postgresCpuNanos) {

        double perSecond() {
            return rows / seconds;
        }

        double writerMicros() {
            return CpuMeter.micros(writerCpuNanos, rows);
        }

        double postgresMicros() {
            return CpuMeter.micros(postgresCpuNanos, rows);
        }

        String label() {
            return (method.equals("copy") ? "COPY" : "JDBC batch INSERT") + " x" + writers;
        }

        Map<String, Object> figures() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("method", method.equals("copy") ? "COPY FROM STDIN" : "INSERT ... ON CONFLICT DO NOTHING, JDBC "
                    + "batch with reWriteBatchedInserts");
            m.put("writers", writers);
            m.put("rows_per_transaction", BASELINE_BATCH);
            m.put("rows", rows);
            m.put("seconds", Latencies.round(seconds));
            m.put("rows_per_second", Math.round(perSecond()));
            m.put("cpu_micros_per_row_writers", writerMicros());
            m.put("cpu_micros_per_row_postgres", postgresMicros());
            return m;
        }
    }

    /**
     * Writes the drain's rows with {@code method} into the emptied table, each writer taking the partitions a
     * listener thread would own. Rows are computed (and, for COPY, encoded) outside the clock, in chunks of
     * {@value #PREPARED_CHUNK} events so the harness's own memory stays small; only the writes are timed.
     */
    private BaselineRun baseline(String method) throws Exception {
        truncate();
        QuietDisk.flush(stack);
        int writers = stack.processorConcurrency();
        List<Connection> connections = new ArrayList<>();
        long timedNanos = 0;
        long writerCpu = 0;
        long postgresCpu = 0;
        Instant receivedAt = Instant.now();
        try {
            for (int w = 0; w < writers; w++) {
                Connection c = stack.connect();
                c.setAutoCommit(false);
                connections.add(c);
            }
            for (int from = 0; from < settings.drainEvents(); from += PREPARED_CHUNK) {
                int to = Math.min(settings.drainEvents(), from + PREPARED_CHUNK);
                List<List<Object>> work = prepare(method, from, to, writers, receivedAt);
                CpuMeter.Snapshot before = CpuMeter.take();
                AtomicLong chunkWriterCpu = new AtomicLong();
                timedNanos += write(connections, work, chunkWriterCpu);
                CpuMeter.Snapshot after = CpuMeter.take();
                writerCpu += chunkWriterCpu.get();
                postgresCpu += CpuMeter.postgresNanos(before, after);
            }
        } finally {
            for (Connection c : connections) {
                c.close();
            }
        }
        long rows = countSignals();
        if (rows != settings.drainEvents()) {
            throw new IllegalStateException("baseline " + method + " stored " + rows + " rows");
        }
        return new BaselineRun(method, writers, rows, timedNanos / 1e9, writerCpu, postgresCpu);
    }

    /** Per writer, the batches of events {@code [from, to)}: row lists for INSERT, COPY text for COPY. */
    private List<List<Object>> prepare(String method, int from, int to, int writers, Instant receivedAt) {
        List<List<Object>> work = new ArrayList<>();
        List<List<SignalRow>> pending = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            work.add(new ArrayList<>());
            pending.add(new ArrayList<>(BASELINE_BATCH));
        }
        for (int i = from; i < to; i++) {
            UUID tenant = tenant(i);
            int w = writer(tenant, writers);
            pending.get(w).add(SignalRow.of(tenant, event(i), receivedAt));
            if (pending.get(w).size() == BASELINE_BATCH) {
                work.get(w).add(encode(method, pending.get(w)));
                pending.set(w, new ArrayList<>(BASELINE_BATCH));
            }
        }
        for (int w = 0; w < writers; w++) {
            if (!pending.get(w).isEmpty()) {
                work.get(w).add(encode(method, pending.get(w)));
            }
        }
        return work;
    }

    /** Writes prepared batches, one thread per writer; answers the nanoseconds taken. */
    private static long write(List<Connection> connections, List<List<Object>> work, AtomicLong writerCpu)
            throws InterruptedException {
        List<Thread> threads = new ArrayList<>();
        List<Throwable> failures = new ArrayList<>();
        long start = System.nanoTime();
        for (int w = 0; w < connections.size(); w++) {
            Connection c = connections.get(w);
            List<Object> batches = work.get(w);
            Thread t = new Thread(() -> {
                try {
                    for (Object batch : batches) {
                        if (batch instanceof byte[] text) {
                            JdbcSignalWriter.copy(c, text);
                        } else {
                            @SuppressWarnings("unchecked")
                            List<SignalRow> rows = (List<SignalRow>) batch;
                            JdbcSignalWriter.insert(c, rows);
                        }
                    }
                } catch (SQLException | RuntimeException e) {
                    synchronized (failures) {
                        failures.add(e);
                    }
                }
                writerCpu.addAndGet(ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime());
            }, "bench-jdbc-writer-" + w);
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) {
            t.join();
        }
        long elapsed = System.nanoTime() - start;
        if (!failures.isEmpty()) {
            throw new IllegalStateException("baseline write failed", failures.get(0));
        }
        return elapsed;
    }

    private static Object encode(String method, List<SignalRow> rows) {
        return method.equals("copy") ? JdbcSignalWriter.copyText(rows) : rows;
    }

    /** The listener thread (of {@code writers}) that owns the tenant's partition under Kafka's range assignor. */
    private int writer(UUID tenant, int writers) {
        int partition = Utils.toPositive(Utils.murmur2(tenant.toString().getBytes(StandardCharsets.UTF_8)))
                % settings.partitions();
        return Math.min(writers - 1, partition * writers / settings.partitions());
    }

    private Map<TopicPartition, Long> endOffsets(Admin admin) throws ExecutionException, InterruptedException {
        return RawEventOffsets.end(admin, settings.partitions());
    }

    private long committed(Admin admin) throws ExecutionException, InterruptedException {
        long sum = 0;
        for (Map.Entry<TopicPartition, OffsetAndMetadata> e : admin.listConsumerGroupOffsets(stack.processorGroup())
                .partitionsToOffsetAndMetadata().get().entrySet()) {
            if (e.getKey().topic().equals(Topics.RAW_EVENTS.name()) && e.getValue() != null) {
                sum += e.getValue().offset();
            }
        }
        return sum;
    }

    private static long sum(Map<TopicPartition, Long> offsets) {
        return offsets.values().stream().mapToLong(Long::longValue).sum();
    }

    private void truncate() throws SQLException {
        try (Connection c = stack.connect(); Statement s = c.createStatement()) {
            s.execute("TRUNCATE signals, signal_keys");
        }
    }

    private long countSignals() throws SQLException {
        try (Connection c = stack.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM signals")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
