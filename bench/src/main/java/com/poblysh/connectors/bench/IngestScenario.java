package com.poblysh.connectors.bench;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;

import com.poblysh.connectors.bench.github.GithubEvent;
import com.poblysh.connectors.bench.github.GithubEvents;
import com.poblysh.connectors.bench.http.LoopbackHttp;
import com.poblysh.connectors.schemas.SerdeConfig;
import com.poblysh.connectors.schemas.Topic;
import com.poblysh.connectors.schemas.Topics;
import com.poblysh.connectors.schemas.avro.RawEvent;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Scenario 1: signed GitHub webhooks posted over loopback at rising concurrency (closed loop: each connection
 * sends its next request when the previous one was answered) until throughput stops rising. Baseline: a plain
 * kafka-clients producer configured like ingest-service's (acks=all, idempotent, linger 2 ms) sending the same
 * serialized raw events to the same topic, once synchronously at the best concurrency (send().get() per record,
 * what a webhook waits for) and once pipelined (its ceiling). The processor is stopped meanwhile.
 */
final class IngestScenario {

    private static final int POOL = 512;
    private static final int SCENARIO = 1;

    private final BenchStack stack;
    private final BenchSettings settings;
    private final List<GithubEvent> events = new ArrayList<>(POOL);
    private final List<String> signatures = new ArrayList<>(POOL);

    IngestScenario(BenchStack stack, BenchSettings settings) {
        this.stack = stack;
        this.settings = settings;
        stack.connectGithubTenants(SCENARIO, settings.ingestTenants());
        GithubEvents generator = new GithubEvents(SCENARIO);
        Instant at = Instant.now();
        for (int i = 0; i < POOL; i++) {
            GithubEvent event = generator.event(i, at);
            events.add(event);
            signatures.add(event.signature(BenchStack.GITHUB_SECRET));
        }
    }

    /** The result of one concurrency step. */
    record Step(int concurrency, long accepted, long failed, double seconds, Histogram latency, long reconnects,
            long serviceCpuNanos, long brokerCpuNanos) {

        double perSecond() {
            return accepted / seconds;
        }

        double serviceMicros() {
            return CpuMeter.micros(serviceCpuNanos, accepted);
        }

        double brokerMicros() {
            return CpuMeter.micros(brokerCpuNanos, accepted);
        }
    }

    Map<String, Object> run(Report report, MemoryWatch memory) throws Exception {
        Progress.say("ingest: warm-up " + settings.ingestWarmupSeconds() + " s at concurrency 8");
        step(8, settings.ingestWarmupSeconds());

        memory.begin();
        List<Step> steps = new ArrayList<>();
        Step best = null;
        int flat = 0;
        for (int concurrency : settings.ingestConcurrency()) {
            Step step = step(concurrency, settings.ingestStepSeconds());
            steps.add(step);
            Progress.say(String.format(java.util.Locale.ROOT,
                    "ingest: concurrency %d: %,.0f accepted/s, p50 %.2f ms, p99 %.2f ms, failed %d; CPU per webhook: "
                            + "ingest-service %.0f us, broker %.0f us",
                    concurrency, step.perSecond(), Latencies.ms(step.latency(), 50), Latencies.ms(step.latency(), 99),
                    step.failed(), step.serviceMicros(), step.brokerMicros()));
            if (best == null || step.perSecond() >= best.perSecond() * 1.05) {
                flat = 0;
            } else {
                flat++;
            }
            if (best == null || step.perSecond() > best.perSecond()) {
                best = step;
            }
            if (flat >= 2) {
                break;
            }
        }
        Map<String, Object> memoryFigures = memory.end();

        Step sync = producerSync(best.concurrency(), settings.ingestStepSeconds());
        Progress.say(String.format(java.util.Locale.ROOT, "ingest baseline: producer send().get() x%d: %,.0f/s; "
                + "CPU per record: producer %.0f us, broker %.0f us", sync.concurrency(), sync.perSecond(),
                sync.serviceMicros(), sync.brokerMicros()));
        long asyncRecords = Math.max(2_000, (long) (best.perSecond() * settings.ingestStepSeconds()));
        double async = producerAsync(asyncRecords);
        Progress.say(String.format(java.util.Locale.ROOT, "ingest baseline: producer pipelined: %,.0f/s", async));

        for (Step s : steps) {
            report.add(new Row("1 ingest", "webhooks c=" + s.concurrency(),
                    Report.perSecond(s.perSecond()) + "  p50 " + Report.ms(Latencies.ms(s.latency(), 50))
                            + " p99 " + Report.ms(Latencies.ms(s.latency(), 99))
                            + " p99.9 " + Report.ms(Latencies.ms(s.latency(), 99.9)),
                    "", "", "", ""));
        }
        double bestRate = best.perSecond();
        double bestP99 = Latencies.ms(best.latency(), 99);
        report.add(new Row("1 ingest", "best accepted/s (c=" + best.concurrency() + ")", Report.perSecond(bestRate),
                "producer send().get() x" + sync.concurrency() + ": " + Report.perSecond(sync.perSecond()),
                Report.ratio(bestRate / sync.perSecond()), ">= 10,000/s", Report.met(bestRate >= 10_000)));
        report.add(new Row("1 ingest", "CPU per webhook at best c (service / broker)",
                String.format(java.util.Locale.ROOT, "%.0f us / %.0f us", best.serviceMicros(), best.brokerMicros()),
                String.format(java.util.Locale.ROOT, "send().get(): %.0f us / %.0f us", sync.serviceMicros(),
                        sync.brokerMicros()),
                Report.ratio(best.serviceMicros() / Math.max(0.1, sync.serviceMicros())), "", ""));
        report.add(new Row("1 ingest", "best accepted/s vs pipelined producer", Report.perSecond(bestRate),
                "producer pipelined: " + Report.perSecond(async), Report.ratio(bestRate / async), "", ""));
        report.add(new Row("1 ingest", "p50 / p99 / p99.9 at best c",
                Report.ms(Latencies.ms(best.latency(), 50)) + " / " + Report.ms(bestP99) + " / "
                        + Report.ms(Latencies.ms(best.latency(), 99.9)),
                "send().get(): " + Report.ms(Latencies.ms(sync.latency(), 50)) + " / "
                        + Report.ms(Latencies.ms(sync.latency(), 99)) + " / "
                        + Report.ms(Latencies.ms(sync.latency(), 99.9)),
                Report.ratio(bestP99 / Math.max(0.001, Latencies.ms(sync.latency(), 99))), "p99 <= 20 ms",
                Report.met(bestP99 <= 20)));

        Map<String, Object> result = new LinkedHashMap<>();
        List<Map<String, Object>> stepFigures = new ArrayList<>();
        for (Step s : steps) {
            stepFigures.add(figures(s));
        }
        result.put("payload_bytes", payloadSizes());
        result.put("steps", stepFigures);
        result.put("best", figures(best));
        result.put("baseline_producer_sync", figures(sync));
        result.put("baseline_producer_pipelined_per_second", Math.round(async));
        result.put("baseline_producer_pipelined_records", asyncRecords);
        result.put("ratio_best_to_sync", Latencies.round(bestRate / sync.perSecond()));
        result.put("ratio_best_to_pipelined", Latencies.round(bestRate / async));
        result.put("memory", memoryFigures);
        return result;
    }

    private Map<String, Object> payloadSizes() {
        int min = Integer.MAX_VALUE;
        int max = 0;
        long sum = 0;
        Map<String, Integer> types = new LinkedHashMap<>();
        for (GithubEvent e : events) {
            min = Math.min(min, e.body().length);
            max = Math.max(max, e.body().length);
            sum += e.body().length;
            types.merge(e.eventType() + "/" + e.kind(), 1, Integer::sum);
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("min", min);
        m.put("mean", sum / events.size());
        m.put("max", max);
        m.put("event_types_in_pool", types);
        return m;
    }

    private static Map<String, Object> figures(Step s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("concurrency", s.concurrency());
        m.put("per_second", Math.round(s.perSecond()));
        m.put("accepted", s.accepted());
        m.put("failed", s.failed());
        m.put("seconds", Latencies.round(s.seconds()));
        m.put("latency", Latencies.summary(s.latency()));
        m.put("reconnects", s.reconnects());
        m.put("cpu_micros_per_request_sender", s.serviceMicros());
        m.put("cpu_micros_per_request_broker", s.brokerMicros());
        return m;
    }

    /** {@code concurrency} connections posting back to back for {@code seconds}. */
    Step step(int concurrency, int seconds) throws InterruptedException {
        AtomicLong accepted = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        AtomicLong reconnects = new AtomicLong();
        Histogram total = Latencies.histogram();
        CountDownLatch ready = new CountDownLatch(concurrency);
        CountDownLatch go = new CountDownLatch(1);
        long[] window = new long[2];
        List<Thread> workers = new ArrayList<>();
        for (int w = 0; w < concurrency; w++) {
            int worker = w;
            Thread t = new Thread(() -> {
                Histogram mine = Latencies.histogram();
                SplittableRandom random = new SplittableRandom(worker * 7919L + System.nanoTime());
                long ok = 0;
                long bad = 0;
                try (LoopbackHttp http = new LoopbackHttp("127.0.0.1", stack.ingestPort())) {
                    ready.countDown();
                    go.await();
                    long deadline = window[1];
                    while (System.nanoTime() < deadline) {
                        int i = random.nextInt(POOL);
                        GithubEvent event = events.get(i)
                                .withDelivery(new UUID(random.nextLong(), random.nextLong()).toString());
                        UUID tenant = Tenants.id(SCENARIO, random.nextInt(settings.ingestTenants()));
                        byte[] head = WebhookRequests.head(tenant, event, signatures.get(i));
                        long start = System.nanoTime();
                        int status;
                        try {
                            status = http.exchange(head, event.body());
                        } catch (RuntimeException e) {
                            status = -1;
                        }
                        long end = System.nanoTime();
                        if (status == 202) {
                            ok++;
                            Latencies.recordNanos(mine, end - start);
                        } else {
                            bad++;
                        }
                    }
                    reconnects.addAndGet(http.reconnects());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                accepted.addAndGet(ok);
                failed.addAndGet(bad);
                synchronized (total) {
                    total.add(mine);
                }
            }, "bench-ingest-" + w);
            t.setDaemon(true);
            workers.add(t);
            t.start();
        }
        ready.await();
        CpuMeter.Snapshot before = CpuMeter.take();
        window[0] = System.nanoTime();
        window[1] = window[0] + seconds * 1_000_000_000L;
        go.countDown();
        for (Thread t : workers) {
            t.join();
        }
        double elapsed = (System.nanoTime() - window[0]) / 1e9;
        CpuMeter.Snapshot after = CpuMeter.take();
        return new Step(concurrency, accepted.get(), failed.get(), elapsed, total, reconnects.get(),
                CpuMeter.threadNanos(before, after, stack::isIngestThread),
                CpuMeter.threadNanos(before, after, BenchStack::isBrokerThread));
    }

    private KafkaProducer<String, byte[]> producer() {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
        // as ingest-service.yml configures its producer
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 2);
        p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 1024 * 1024 + 64 * 1024);
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 15_000);
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "bench-baseline-producer");
        // values are serialized once up front (records()), so the producer sends them as bytes
        Topic<String, byte[]> rawEvents = Topics.RAW_EVENTS.valueAsBytes();
        SerdeConfig serdes = SerdeConfig.of(stack.registryUrl());
        return new KafkaProducer<>(p, rawEvents.keySerializer(serdes), rawEvents.valueSerializer(serdes));
    }

    /** The same raw events as the webhooks become, serialized once, keyed by tenant. */
    private List<ProducerRecord<String, byte[]>> records() {
        List<ProducerRecord<String, byte[]>> records = new ArrayList<>(POOL * 2);
        SplittableRandom random = new SplittableRandom(SCENARIO);
        try (Serializer<RawEvent> serializer = Topics.RAW_EVENTS.valueSerializer(SerdeConfig.of(stack.registryUrl()))) {
            for (int i = 0; i < POOL * 2; i++) {
                GithubEvent event = events.get(i % POOL)
                        .withDelivery(new UUID(random.nextLong(), random.nextLong()).toString());
                UUID tenant = Tenants.id(SCENARIO, random.nextInt(settings.ingestTenants()));
                RawEvent raw = WebhookRequests.rawEvent(tenant, event);
                records.add(new ProducerRecord<>(Topics.RAW_EVENTS.name(), tenant.toString(),
                        serializer.serialize(Topics.RAW_EVENTS.name(), raw)));
            }
        }
        return records;
    }

    /** Connects and fetches metadata before the clock starts, as the ingest's producer already did. */
    private static void warmUp(KafkaProducer<String, byte[]> producer, List<ProducerRecord<String, byte[]>> records)
            throws InterruptedException {
        try {
            producer.send(records.get(0)).get();
        } catch (ExecutionException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code concurrency} threads each sending one record and waiting for its acknowledgement, for {@code seconds}. */
    private Step producerSync(int concurrency, int seconds) throws InterruptedException {
        List<ProducerRecord<String, byte[]>> records = records();
        try (KafkaProducer<String, byte[]> producer = producer()) {
            warmUp(producer, records);
            AtomicLong acked = new AtomicLong();
            AtomicLong failed = new AtomicLong();
            Histogram total = Latencies.histogram();
            CpuMeter.Snapshot before = CpuMeter.take();
            long start = System.nanoTime();
            long deadline = start + seconds * 1_000_000_000L;
            List<Thread> workers = new ArrayList<>();
            for (int w = 0; w < concurrency; w++) {
                int worker = w;
                Thread t = new Thread(() -> {
                    Histogram mine = Latencies.histogram();
                    int i = worker * 13;
                    long ok = 0;
                    long bad = 0;
                    while (System.nanoTime() < deadline) {
                        ProducerRecord<String, byte[]> record = records.get(i++ % records.size());
                        long t0 = System.nanoTime();
                        try {
                            producer.send(record).get();
                            ok++;
                            Latencies.recordNanos(mine, System.nanoTime() - t0);
                        } catch (ExecutionException e) {
                            bad++;
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            return;
                        }
                    }
                    acked.addAndGet(ok);
                    failed.addAndGet(bad);
                    synchronized (total) {
                        total.add(mine);
                    }
                }, "bench-producer-" + w);
                t.setDaemon(true);
                workers.add(t);
                t.start();
            }
            for (Thread t : workers) {
                t.join();
            }
            double elapsed = (System.nanoTime() - start) / 1e9;
            CpuMeter.Snapshot after = CpuMeter.take();
            return new Step(concurrency, acked.get(), failed.get(), elapsed, total, 0,
                    CpuMeter.threadNanos(before, after,
                            n -> n.startsWith("bench-producer-") || n.endsWith("| bench-baseline-producer")),
                    CpuMeter.threadNanos(before, after, BenchStack::isBrokerThread));
        }
    }

    /** {@code count} records sent without waiting (the producer batches them), timed until the last acknowledgement. */
    private double producerAsync(long count) throws InterruptedException {
        List<ProducerRecord<String, byte[]>> records = records();
        try (KafkaProducer<String, byte[]> producer = producer()) {
            warmUp(producer, records);
            CountDownLatch done = new CountDownLatch(1);
            AtomicLong remaining = new AtomicLong(count);
            long start = System.nanoTime();
            for (long i = 0; i < count; i++) {
                producer.send(records.get((int) (i % records.size())), (metadata, e) -> {
                    if (remaining.decrementAndGet() == 0) {
                        done.countDown();
                    }
                });
            }
            done.await();
            return count / ((System.nanoTime() - start) / 1e9);
        }
    }
}
