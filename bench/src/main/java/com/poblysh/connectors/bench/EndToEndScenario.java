package com.poblysh.connectors.bench;

import java.io.ByteArrayInputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import com.poblysh.connectors.bench.github.GithubEvent;
import com.poblysh.connectors.bench.github.GithubEvents;
import com.poblysh.connectors.bench.http.LoopbackHttp;
import com.poblysh.connectors.common.tenancy.EventIds;
import com.poblysh.connectors.common.tenancy.TenantId;
import org.HdrHistogram.Histogram;
import org.springframework.kafka.listener.MessageListenerContainer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Scenario 3: webhooks offered open-loop at fixed rates (request {@code i} is due at {@code start + i / rate}, and
 * latencies count from then, so a stalled server cannot hide its backlog). Every n-th event is a probe (about
 * {@code e2e-probes-per-second} of them): pollers ask {@code GET /signals} of each tenant with probes in flight,
 * filtered to the window of those probes' occurred_at, until an answer lists a probe's signal (whose id the bench
 * computes up front). The end-to-end latency is from the due time to that answer, so it includes up to one poll
 * interval of the tenant, reported next to it. One request per tenant and cycle keeps the pollers' own load flat
 * however far the pipeline falls behind. At the end every accepted event is counted in the database.
 */
final class EndToEndScenario {

    private static final int SCENARIO = 3;
    private static final int POLLERS = 2;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final BenchStack stack;
    private final BenchSettings settings;
    private final GithubEvents generator = new GithubEvents(SCENARIO);
    private volatile boolean done;

    EndToEndScenario(BenchStack stack, BenchSettings settings) {
        this.stack = stack;
        this.settings = settings;
    }

    /** An event whose visibility is polled. */
    private record Probe(UUID tenant, UUID signalId, String occurredAt, long dueNanos) {
    }

    /** The figures of one offered rate. */
    record RateRun(int rate, long offered, long accepted, long failed, long stored, long probes, long probesSeen,
            double sendSeconds, Histogram endToEnd, Histogram ingest, Histogram pollInterval) {

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
            m.put("poll_interval_per_tenant", Latencies.summary(pollInterval));
            return m;
        }
    }

    Map<String, Object> run(Report report, MemoryWatch memory) throws Exception {
        MessageListenerContainer listener = stack.processorListener();
        if (!listener.isRunning()) {
            listener.start();
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (listener.getAssignedPartitions() == null
                || listener.getAssignedPartitions().size() < settings.partitions()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the processor was not assigned its partitions in 60 s");
            }
            Thread.sleep(5);
        }
        Map<String, Object> result = new LinkedHashMap<>();
        List<Map<String, Object>> runs = new ArrayList<>();
        // The drain's bulk writes leave dirty pages for the checkpointer; flush them before, not during, the
        // measurement. Then a short unmeasured run compiles the GET /signals and webhook paths used here.
        try (Connection c = stack.connect()) {
            c.createStatement().execute("CHECKPOINT");
        }
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
                            + "(poll interval %.1f ms); 202 p99 %.1f ms; lost %d, failed %d",
                    rate, run.accepted() / run.sendSeconds(), Latencies.ms(run.endToEnd(), 50),
                    Latencies.ms(run.endToEnd(), 95), Latencies.ms(run.endToEnd(), 99), run.probesSeen(),
                    run.pollInterval().getMean() / 1000.0, Latencies.ms(run.ingest(), 99), run.lost(), run.failed()));
            double p99 = Latencies.ms(run.endToEnd(), 99);
            boolean aimRate = rate == 1000;
            report.add(new Row("3 end-to-end", String.format(Locale.ROOT, "%,d/s for %d s: p50 / p95 / p99", rate,
                    settings.e2eSeconds()),
                    Report.ms(Latencies.ms(run.endToEnd(), 50)) + " / " + Report.ms(Latencies.ms(run.endToEnd(), 95))
                            + " / " + Report.ms(p99),
                    "its 202: p50 " + Report.ms(Latencies.ms(run.ingest(), 50)) + " p99 "
                            + Report.ms(Latencies.ms(run.ingest(), 99)) + "; poll interval "
                            + Report.ms(run.pollInterval().getMean() / 1000.0),
                    "", aimRate ? "p99 <= 100 ms" : "",
                    aimRate ? Report.met(p99 <= 100 && run.lost() == 0 && run.failed() == 0) : ""));
        }
        result.put("memory", memory.end());
        result.put("warmup_events", warm.offered());
        result.put("tenants", settings.e2eTenants());
        result.put("pollers", POLLERS);
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

        List<Thread> pollers = new ArrayList<>();
        for (int p = 0; p < POLLERS; p++) {
            int poller = p;
            Thread t = new Thread(() -> poll(poller, inFlight, e2e, intervals, seen), "bench-e2e-poller-" + p);
            t.setDaemon(true);
            pollers.add(t);
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
                                    EventIds.signalId(TenantId.of(tenant), "github:" + event.deliveryId()),
                                    event.occurredAt().toString(), due);
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
        for (Thread t : pollers) {
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
     * For every tenant of this poller's share with probes in flight, asks {@code GET /signals} for the window from
     * its oldest to its newest probe (following cursors while probes remain unseen), so a cycle costs one request per
     * tenant however many probes are in flight.
     */
    private void poll(int poller, Map<UUID, Probe> inFlight, Histogram e2e, Histogram intervals, AtomicLong seen) {
        Histogram mine = Latencies.histogram();
        Histogram myIntervals = Latencies.histogram();
        Map<UUID, Long> lastPoll = new HashMap<>();
        try (LoopbackHttp http = new LoopbackHttp("127.0.0.1", stack.queryPort())) {
            while (!done) {
                Map<UUID, List<Probe>> byTenant = new HashMap<>();
                for (Probe probe : inFlight.values()) {
                    if (Math.floorMod(probe.tenant().hashCode(), POLLERS) == poller) {
                        byTenant.computeIfAbsent(probe.tenant(), t -> new ArrayList<>()).add(probe);
                    }
                }
                if (byTenant.isEmpty()) {
                    lastPoll.clear();
                    LockSupport.parkNanos(100_000);
                    continue;
                }
                for (Map.Entry<UUID, List<Probe>> tenant : byTenant.entrySet()) {
                    long now = System.nanoTime();
                    Long last = lastPoll.put(tenant.getKey(), now);
                    if (last != null) {
                        Latencies.recordNanos(myIntervals, now - last);
                    }
                    Map<String, Probe> wanted = new HashMap<>();
                    Instant oldest = null;
                    Instant newest = null;
                    for (Probe probe : tenant.getValue()) {
                        wanted.put(probe.signalId().toString(), probe);
                        Instant at = Instant.parse(probe.occurredAt());
                        oldest = oldest == null || at.isBefore(oldest) ? at : oldest;
                        newest = newest == null || at.isAfter(newest) ? at : newest;
                    }
                    String cursor = null;
                    do {
                        String target = "/signals?limit=100&occurred_after=" + oldest + "&occurred_before=" + newest
                                + (cursor == null ? "" : "&cursor=" + cursor);
                        int status = http.exchange(LoopbackHttp.head("GET", target, "Authorization: Bearer "
                                + BenchStack.OPERATOR_TOKEN + "\r\nX-Tenant-Id: " + tenant.getKey() + "\r\n", -1),
                                null);
                        long answered = System.nanoTime();
                        if (status != 200) {
                            throw new IllegalStateException("GET /signals answered " + status + ": "
                                    + http.bodyText());
                        }
                        JsonNode page = JSON.readTree(new ByteArrayInputStream(http.body(), 0, http.bodyLength()));
                        for (JsonNode signal : page.path("signals")) {
                            Probe probe = wanted.remove(signal.path("id").asString());
                            if (probe != null) {
                                Latencies.recordNanos(mine, answered - probe.dueNanos());
                                seen.incrementAndGet();
                                inFlight.remove(probe.signalId());
                            }
                        }
                        JsonNode next = page.path("next_cursor");
                        cursor = wanted.isEmpty() || next.isNull() || next.isMissingNode() ? null : next.asString();
                    } while (cursor != null);
                }
            }
        }
        synchronized (e2e) {
            e2e.add(mine);
            intervals.add(myIntervals);
        }
    }
}
