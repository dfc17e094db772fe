package com.poblysh.connectors.bench;

import java.io.ByteArrayInputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import com.poblysh.connectors.bench.github.GithubEvent;
import com.poblysh.connectors.bench.github.GithubEvents;
import com.poblysh.connectors.bench.http.LoopbackHttp;
import com.poblysh.connectors.common.tenancy.EventIds;
import com.poblysh.connectors.common.tenancy.TenantId;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.springframework.kafka.listener.MessageListenerContainer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Scenario 3: webhooks offered open-loop at fixed rates (request {@code i} is due at {@code start + i / rate}, and
 * latencies count from then, so a stalled server cannot hide its backlog). Every n-th event is a probe (about
 * {@code e2e-probes-per-second} of them), whose signal id the bench computes up front. A watcher asks the database
 * every 5 ms which probes are committed (one indexed query for all of them); for each such probe a confirmer
 * asks {@code GET /signals} of its tenant, filtered to its occurred_at, and the end-to-end latency runs from the due
 * time to the answer that lists it. So the API is asked once per probe, and the load of observing stays flat and
 * small however far the pipeline falls behind (polling the API for every tenant in a loop, as a first version did,
 * took most of a core and made the latency it measured). At the end every accepted event is counted in the
 * database.
 */
final class EndToEndScenario {

    private static final int SCENARIO = 3;
    private static final int CONFIRMERS = 2;
    private static final long WATCH_PERIOD_NANOS = 5_000_000L;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final BenchStack stack;
    private final BenchSettings settings;
    private final GithubEvents generator = new GithubEvents(SCENARIO);
    private volatile boolean done;

    EndToEndScenario(BenchStack stack, BenchSettings settings) {
        this.stack = stack;
        this.settings = settings;
        stack.connectGithubTenants(SCENARIO, settings.e2eTenants());
    }

    /** An event whose visibility is polled. */
    private record Probe(UUID tenant, UUID signalId, Instant occurredAt, long dueNanos) {
    }

    /** The figures of one offered rate. */
    record RateRun(int rate, long offered, long accepted, long failed, long stored, long probes, long probesSeen,
            double sendSeconds, Histogram endToEnd, Histogram ingest, Histogram watchCycle) {

        long lost() {
            return accepted - stored;
        }

        Map<String, Object> figures() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("offered_per_second", rate);
            m.put("achieved_per_second", Math.round(accepted / sendSeconds));
            m.put("offered", offered);
            m.put("accepted", accepted);
            m.put("failed", failed);
            m.put("stored", stored);
            m.put("lost", lost());
            m.put("probes", probes);
            m.put("probes_seen", probesSeen);
            m.put("end_to_end", Latencies.summary(endToEnd));
            m.put("ingest_202", Latencies.summary(ingest));
            m.put("watch_cycle", Latencies.summary(watchCycle));
            return m;
        }
    }

    Map<String, Object> run(Report report, MemoryWatch memory) throws Exception {
        MessageListenerContainer listener = stack.processorListener();
        listener.stop();
        // Records of earlier scenarios (the ingest steps run with the processor stopped) are not this one's latency.
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers()))) {
            RawEventOffsets.skipTo(admin, stack.processorGroup(), RawEventOffsets.end(admin, settings.partitions()));
        }
        stack.startProcessor();
        Map<String, Object> result = new LinkedHashMap<>();
        List<Map<String, Object>> runs = new ArrayList<>();
        // The drain's bulk writes leave dirty pages; flush them before, not during, the measurement. Then a short
        // unmeasured run compiles the GET /signals and webhook paths used here.
        result.put("disk_flush_seconds", Latencies.round(QuietDisk.flush(stack)));
        long storedBefore = stored();
        int warmRate = Math.min(200, settings.e2eRates().get(0));
        RateRun warm = offer(warmRate, Math.min(5, settings.e2eSeconds()), 0, storedBefore);
        storedBefore += warm.stored();
        long index = warm.offered();
        memory.begin();
        for (int rate : settings.e2eRates()) {
            RateRun run = offer(rate, settings.e2eSeconds(), index, storedBefore);
            index += run.offered();
            storedBefore += run.stored();
            runs.add(run.figures());
            Progress.say(String.format(Locale.ROOT,
                    "e2e: %,d/s offered, %,.0f/s sent: p50 %.1f ms, p95 %.1f ms, p99 %.1f ms over %d probes "
                            + "(watch cycle %.1f ms); 202 p99 %.1f ms; lost %d, failed %d",
                    rate, run.accepted() / run.sendSeconds(), Latencies.ms(run.endToEnd(), 50),
                    Latencies.ms(run.endToEnd(), 95), Latencies.ms(run.endToEnd(), 99), run.probesSeen(),
                    run.watchCycle().getMean() / 1000.0, Latencies.ms(run.ingest(), 99), run.lost(), run.failed()));
            double p99 = Latencies.ms(run.endToEnd(), 99);
            boolean aimRate = rate == 1000;
            report.add(new Row("3 end-to-end", String.format(Locale.ROOT, "%,d/s for %d s: p50 / p95 / p99", rate,
                    settings.e2eSeconds()),
                    Report.ms(Latencies.ms(run.endToEnd(), 50)) + " / " + Report.ms(Latencies.ms(run.endToEnd(), 95))
                            + " / " + Report.ms(p99),
                    "its 202: p50 " + Report.ms(Latencies.ms(run.ingest(), 50)) + " p99 "
                            + Report.ms(Latencies.ms(run.ingest(), 99)) + "; watch cycle "
                            + Report.ms(run.watchCycle().getMean() / 1000.0),
                    "", aimRate ? "p99 <= 100 ms" : "",
                    aimRate ? Report.met(p99 <= 100 && run.lost() == 0 && run.failed() == 0) : ""));
        }
        result.put("memory", memory.end());
        result.put("warmup_events", warm.offered());
        result.put("tenants", settings.e2eTenants());
        result.put("confirmers", CONFIRMERS);
        result.put("watch_period_ms", WATCH_PERIOD_NANOS / 1e6);
        result.put("runs", runs);
        return result;
    }

    private RateRun offer(int rate, int seconds, long firstIndex, long storedBefore) throws Exception {
        int tenants = settings.e2eTenants();
        long total = (long) rate * seconds;
        int probeEvery = Math.max(1, rate / settings.e2eProbesPerSecond());
        Map<UUID, Probe> inFlight = new ConcurrentHashMap<>();
        AtomicLong next = new AtomicLong();
        AtomicLong accepted = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        AtomicLong probes = new AtomicLong();
        AtomicLong seen = new AtomicLong();
        Histogram e2e = Latencies.histogram();
        Histogram ingest = Latencies.histogram();
        Histogram intervals = Latencies.histogram();
        long periodNanos = 1_000_000_000L / rate;
        long start = System.nanoTime() + 50_000_000L;
        done = false;

        BlockingQueue<Probe> committed = new LinkedBlockingQueue<>();
        List<Thread> observers = new ArrayList<>();
        observers.add(new Thread(() -> watch(inFlight, committed, intervals), "bench-e2e-watcher"));
        for (int p = 0; p < CONFIRMERS; p++) {
            observers.add(new Thread(() -> confirm(inFlight, committed, e2e, seen), "bench-e2e-confirmer-" + p));
        }
        for (Thread t : observers) {
            t.setDaemon(true);
            t.start();
        }
        List<Thread> senders = new ArrayList<>();
        long[] lastSend = new long[1];
        for (int w = 0; w < Math.min(settings.e2eConnections(), Math.max(2, rate / 10)); w++) {
            Thread t = new Thread(() -> {
                Histogram mine = Latencies.histogram();
                try (LoopbackHttp http = new LoopbackHttp("127.0.0.1", stack.ingestPort())) {
                    for (long i = next.getAndIncrement(); i < total; i = next.getAndIncrement()) {
                        UUID tenant = Tenants.id(SCENARIO, (int) (i % tenants));
                        long due = start + i * periodNanos;
                        long wait = due - System.nanoTime();
                        if (wait > 0) {
                            LockSupport.parkNanos(wait);
                        }
                        GithubEvent event = generator.event(firstIndex + i, Instant.now());
                        Probe probe = null;
                        if (i % probeEvery == 0) {
                            probe = new Probe(tenant,
                                    EventIds.signalId(TenantId.of(tenant), event.dedupeKey()),
                                    event.occurredAt(), due);
                            inFlight.put(probe.signalId(), probe);
                            probes.incrementAndGet();
                        }
                        int status;
                        try {
                            status = http.exchange(WebhookRequests.head(tenant, event,
                                    event.signature(BenchStack.GITHUB_SECRET)), event.body());
                        } catch (RuntimeException e) {
                            status = -1;
                        }
                        long end = System.nanoTime();
                        if (status == 202) {
                            accepted.incrementAndGet();
                            Latencies.recordNanos(mine, end - due);
                        } else {
                            failed.incrementAndGet();
                            if (probe != null) {
                                inFlight.remove(probe.signalId());
                            }
                        }
                        synchronized (lastSend) {
                            lastSend[0] = Math.max(lastSend[0], end);
                        }
                    }
                }
                synchronized (ingest) {
                    ingest.add(mine);
                }
            }, "bench-e2e-sender-" + w);
            t.setDaemon(true);
            senders.add(t);
            t.start();
        }
        for (Thread t : senders) {
            t.join();
        }
        double sendSeconds = (lastSend[0] - start) / 1e9;
        long grace = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        long stored = stored() - storedBefore;
        while ((!inFlight.isEmpty() || stored < accepted.get()) && System.nanoTime() < grace) {
            Thread.sleep(20);
            stored = stored() - storedBefore;
        }
        done = true;
        for (Thread t : observers) {
            t.join();
        }
        return new RateRun(rate, total, accepted.get(), failed.get(), stored, probes.get(), seen.get(), sendSeconds,
                e2e, ingest, intervals);
    }

    /** Signals of this scenario's tenants in the database. */
    private long stored() throws SQLException {
        try (Connection c = stack.connect();
             PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM signals WHERE tenant_id = ANY (?)")) {
            UUID[] ids = new UUID[settings.e2eTenants()];
            for (int t = 0; t < ids.length; t++) {
                ids[t] = Tenants.id(SCENARIO, t);
            }
            ps.setArray(1, c.createArrayOf("uuid", ids));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /**
     * Watches the database for the probes in flight (one indexed query for all of them, at most every
     * {@link #WATCH_PERIOD_NANOS}) and hands each probe whose row is committed to the confirmers. The watcher only
     * says when to ask; the latency is taken when {@code GET /signals} lists the probe.
     */
    private void watch(Map<UUID, Probe> inFlight, BlockingQueue<Probe> committed, Histogram cycles) {
        Set<UUID> handedOver = new HashSet<>();
        long last = 0;
        try (Connection c = stack.connect();
             PreparedStatement ps = c.prepareStatement(
                     "SELECT id FROM signals WHERE tenant_id = ANY (?) AND id = ANY (?)"
                             + " AND occurred_at BETWEEN ?::timestamptz AND ?::timestamptz")) {
            while (!done) {
                long now = System.nanoTime();
                if (last != 0 && now - last < WATCH_PERIOD_NANOS) {
                    LockSupport.parkNanos(WATCH_PERIOD_NANOS - (now - last));
                    continue;
                }
                handedOver.retainAll(inFlight.keySet());
                List<UUID> tenants = new ArrayList<>();
                List<UUID> ids = new ArrayList<>();
                Instant oldest = null;
                Instant newest = null;
                for (Probe probe : inFlight.values()) {
                    if (!handedOver.contains(probe.signalId())) {
                        ids.add(probe.signalId());
                        if (!tenants.contains(probe.tenant())) {
                            tenants.add(probe.tenant());
                        }
                        Instant at = probe.occurredAt();
                        oldest = oldest == null || at.isBefore(oldest) ? at : oldest;
                        newest = newest == null || at.isAfter(newest) ? at : newest;
                    }
                }
                if (last != 0) {
                    Latencies.recordNanos(cycles, now - last);
                }
                last = now;
                if (ids.isEmpty()) {
                    continue;
                }
                ps.setArray(1, c.createArrayOf("uuid", tenants.toArray()));
                ps.setArray(2, c.createArrayOf("uuid", ids.toArray()));
                // the time window lets PostgreSQL prune to the current month's partition and use the primary key
                ps.setString(3, oldest.toString());
                ps.setString(4, newest.toString());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        UUID id = rs.getObject(1, UUID.class);
                        Probe probe = inFlight.get(id);
                        if (probe != null && handedOver.add(id)) {
                            committed.add(probe);
                        }
                    }
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("the end-to-end watcher lost its database connection", e);
        }
    }

    /**
     * Asks {@code GET /signals} for each committed probe, filtered to the probe's tenant and occurred_at (both
     * bounds inclusive), and records the latency from the probe's due time to the answer that lists it.
     */
    private void confirm(Map<UUID, Probe> inFlight, BlockingQueue<Probe> committed, Histogram e2e, AtomicLong seen) {
        Histogram mine = Latencies.histogram();
        try (LoopbackHttp http = new LoopbackHttp("127.0.0.1", stack.queryPort())) {
            while (!done || !committed.isEmpty()) {
                Probe probe = committed.poll(1, TimeUnit.MILLISECONDS);
                if (probe == null) {
                    continue;
                }
                String target = "/signals?limit=100&occurred_after=" + probe.occurredAt() + "&occurred_before="
                        + probe.occurredAt();
                int status = http.exchange(LoopbackHttp.head("GET", target, "Authorization: Bearer "
                        + BenchStack.OPERATOR_TOKEN + "\r\nX-Tenant-Id: " + probe.tenant() + "\r\n", -1), null);
                long answered = System.nanoTime();
                if (status != 200) {
                    throw new IllegalStateException("GET /signals answered " + status + ": " + http.bodyText());
                }
                JsonNode page = JSON.readTree(new ByteArrayInputStream(http.body(), 0, http.bodyLength()));
                boolean listed = false;
                for (JsonNode signal : page.path("signals")) {
                    listed |= probe.signalId().toString().equals(signal.path("id").asString());
                }
                if (!listed) {
                    throw new IllegalStateException("signal " + probe.signalId() + " is committed but GET /signals "
                            + "of its tenant and time does not list it");
                }
                Latencies.recordNanos(mine, answered - probe.dueNanos());
                seen.incrementAndGet();
                inFlight.remove(probe.signalId());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (e2e) {
            e2e.add(mine);
        }
    }
}
