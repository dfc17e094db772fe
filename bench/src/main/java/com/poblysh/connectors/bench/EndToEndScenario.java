package com.poblysh.connectors.bench;

import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
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
 * Scenario 3: webhooks offered open-loop at fixed rates (request {@code i} is due at {@code start + i / rate},
 * and its latency counts from then, so a stalled server cannot hide its backlog) while pollers read
 * {@code GET /signals} of every tenant with events in flight. The end-to-end latency of an event is from its due
 * time to the first {@code GET /signals} answer that lists its signal (whose id the bench computes up front), so
 * it includes up to one poll interval of that tenant; the mean interval is reported next to it.
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

    /** An event in flight: when it was due and its occurred_at (the pollers' lower bound). */
    private record Pending(long dueNanos, long occurredMillis) {
    }

    /** The figures of one offered rate. */
    record RateRun(int rate, long offered, long accepted, long failed, long seen, long lost, double sendSeconds,
            Histogram endToEnd, Histogram ingest, Histogram pollInterval) {

        Map<String, Object> figures() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("offered_per_second", rate);
            m.put("achieved_per_second", Math.round(accepted / sendSeconds));
            m.put("offered", offered);
            m.put("accepted", accepted);
            m.put("failed", failed);
            m.put("seen", seen);
            m.put("lost", lost);
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
        memory.begin();
        long index = 0;
        for (int rate : settings.e2eRates()) {
            RateRun run = offer(rate, settings.e2eSeconds(), index);
            index += run.offered();
            runs.add(run.figures());
            Progress.say(String.format(Locale.ROOT,
                    "e2e: %,d/s offered, %,.0f/s sent: p50 %.1f ms, p95 %.1f ms, p99 %.1f ms (poll interval %.1f ms), "
                            + "lost %d, failed %d",
                    rate, run.accepted() / run.sendSeconds(), Latencies.ms(run.endToEnd(), 50),
                    Latencies.ms(run.endToEnd(), 95), Latencies.ms(run.endToEnd(), 99),
                    run.pollInterval().getMean() / 1000.0, run.lost(), run.failed()));
            double p99 = Latencies.ms(run.endToEnd(), 99);
            boolean aimRate = rate == 1000;
            report.add(new Row("3 end-to-end", String.format(Locale.ROOT, "%,d/s for %d s: p50 / p95 / p99", rate,
                    settings.e2eSeconds()),
                    Report.ms(Latencies.ms(run.endToEnd(), 50)) + " / " + Report.ms(Latencies.ms(run.endToEnd(), 95))
                            + " / " + Report.ms(p99),
                    "of which 202: p99 " + Report.ms(Latencies.ms(run.ingest(), 99)) + "; poll interval "
                            + Report.ms(run.pollInterval().getMean() / 1000.0),
                    "", aimRate ? "p99 <= 100 ms" : "", aimRate ? Report.met(p99 <= 100 && run.lost() == 0) : ""));
        }
        result.put("memory", memory.end());
        result.put("tenants", settings.e2eTenants());
        result.put("pollers", POLLERS);
        result.put("runs", runs);
        return result;
    }

    private RateRun offer(int rate, int seconds, long firstIndex) throws InterruptedException {
        int tenants = settings.e2eTenants();
        long total = (long) rate * seconds;
        List<Map<UUID, Pending>> pending = new ArrayList<>();
        for (int t = 0; t < tenants; t++) {
            pending.add(new ConcurrentHashMap<>());
        }
        AtomicLong next = new AtomicLong();
        AtomicLong accepted = new AtomicLong();
        AtomicLong failed = new AtomicLong();
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
            Thread t = new Thread(() -> poll(poller, pending, e2e, intervals, seen), "bench-e2e-poller-" + p);
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
                        int tenantIndex = (int) (i % tenants);
                        UUID tenant = Tenants.id(SCENARIO, tenantIndex);
                        long due = start + i * periodNanos;
                        long wait = due - System.nanoTime();
                        if (wait > 0) {
                            LockSupport.parkNanos(wait);
                        }
                        GithubEvent event = generator.event(firstIndex + i, Instant.now());
                        UUID signalId = EventIds.signalId(TenantId.of(tenant), "github:" + event.deliveryId());
                        pending.get(tenantIndex).put(signalId, new Pending(due, event.occurredAt().toEpochMilli()));
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
                            pending.get(tenantIndex).remove(signalId);
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
        long grace = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (pending.stream().anyMatch(m -> !m.isEmpty()) && System.nanoTime() < grace) {
            Thread.sleep(10);
        }
        done = true;
        for (Thread t : pollers) {
            t.join();
        }
        long lost = pending.stream().mapToLong(Map::size).sum();
        return new RateRun(rate, total, accepted.get(), failed.get(), seen.get(), lost, sendSeconds, e2e, ingest,
                intervals);
    }


    /** Polls the first page(s) of every owned tenant with events in flight, newest first, since its oldest one. */
    private void poll(int poller, List<Map<UUID, Pending>> pending, Histogram e2e, Histogram intervals,
            AtomicLong seen) {
        Histogram mine = Latencies.histogram();
        Histogram myIntervals = Latencies.histogram();
        long[] lastPoll = new long[pending.size()];
        try (LoopbackHttp http = new LoopbackHttp("127.0.0.1", stack.queryPort())) {
            while (!done) {
                boolean polled = false;
                for (int t = poller; t < pending.size(); t += POLLERS) {
                    Map<UUID, Pending> inFlight = pending.get(t);
                    if (inFlight.isEmpty()) {
                        lastPoll[t] = 0;
                        continue;
                    }
                    long oldest = Long.MAX_VALUE;
                    for (Pending p : inFlight.values()) {
                        oldest = Math.min(oldest, p.occurredMillis());
                    }
                    if (oldest == Long.MAX_VALUE) {
                        continue;
                    }
                    polled = true;
                    long now = System.nanoTime();
                    if (lastPoll[t] != 0) {
                        Latencies.recordNanos(myIntervals, now - lastPoll[t]);
                    }
                    lastPoll[t] = now;
                    String after = Instant.ofEpochMilli(oldest - 1).toString();
                    String cursor = null;
                    do {
                        String target = "/signals?limit=100&occurred_after=" + after
                                + (cursor == null ? "" : "&cursor=" + cursor);
                        int status = http.exchange(LoopbackHttp.head("GET", target,
                                "Authorization: Bearer " + BenchStack.OPERATOR_TOKEN + "\r\nX-Tenant-Id: "
                                        + Tenants.id(SCENARIO, t) + "\r\n", -1), null);
                        long answered = System.nanoTime();
                        if (status != 200) {
                            throw new IllegalStateException("GET /signals answered " + status + ": " + http.bodyText());
                        }
                        JsonNode page = JSON.readTree(new ByteArrayInputStream(http.body(), 0, http.bodyLength()));
                        for (JsonNode signal : page.path("signals")) {
                            Pending p = inFlight.remove(UUID.fromString(signal.path("id").asString()));
                            if (p != null) {
                                Latencies.recordNanos(mine, answered - p.dueNanos());
                                seen.incrementAndGet();
                            }
                        }
                        JsonNode next = page.path("next_cursor");
                        cursor = next.isNull() || next.isMissingNode() || inFlight.isEmpty() ? null : next.asString();
                    } while (cursor != null);
                }
                if (!polled) {
                    LockSupport.parkNanos(200_000);
                }
            }
        }
        synchronized (e2e) {
            e2e.add(mine);
            intervals.add(myIntervals);
        }
    }
}
