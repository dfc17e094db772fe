package com.poblysh.connectors.processor;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

import com.poblysh.connectors.processor.OperationRunStore.State;
import com.poblysh.connectors.processor.operations.DeadLetter;
import com.poblysh.connectors.processor.operations.GroupLag;
import com.poblysh.connectors.processor.operations.OperationRun;
import com.poblysh.connectors.processor.operations.Operations;
import com.poblysh.connectors.processor.operations.Position;
import com.poblysh.connectors.processor.operations.Progress;
import com.poblysh.connectors.processor.operations.RedriveRequest;
import com.poblysh.connectors.processor.operations.ReplayRequest;
import com.poblysh.connectors.schemas.Topics;
import com.poblysh.connectors.schemas.avro.RawEvent;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Replays and redrives with the live pipeline's own decoding, normalization and storage ({@link RawEventDecoder},
 * {@link SignalStore}), but never its consumer group: a replay reads with a group of its own (assigned partitions,
 * committed offsets carry the commit time), paced by its rate limit, and checkpoints its position in its
 * {@code operation_runs} row in the transaction of each batch's signals.
 */
@Service
class OperationsService implements Operations {

    private static final Logger log = LoggerFactory.getLogger(OperationsService.class);
    private static final Duration POLL = Duration.ofMillis(500);
    private static final int SUMMARY_CHARS = 200;

    private final OperationRunStore runs;
    private final SignalStore store;
    private final RawEventDecoder decoder;
    private final FailureClassifier classifier;
    private final TransactionTemplate transaction;
    private final JdbcClient jdbc;
    private final KafkaProperties kafka;
    private final OperationsProperties properties;

    OperationsService(OperationRunStore runs, SignalStore store, RawEventDecoder decoder, FailureClassifier classifier,
                      TransactionTemplate transaction, JdbcClient jdbc, KafkaProperties kafka,
                      OperationsProperties properties) {
        this.runs = runs;
        this.store = store;
        this.decoder = decoder;
        this.classifier = classifier;
        this.transaction = transaction;
        this.jdbc = jdbc;
        this.kafka = kafka;
        this.properties = properties;
    }

    @Override
    public UUID createReplay(ReplayRequest request, String startedBy, boolean queued) {
        Map<String, Object> filters = new LinkedHashMap<>();
        filters.put("from", request.from().toString());
        filters.put("to", request.to() == null ? null : request.to().toString());
        filters.put("tenant", request.tenant() == null ? null : request.tenant().toString());
        filters.put("provider", request.provider());
        filters.put("mode", request.mode().wireName());
        filters.put("rate", request.rate());
        filters.put("dry_run", request.dryRun());
        return runs.insert(REPLAY, filters, startedBy, queued, Instant.now());
    }

    @Override
    public UUID createRedrive(RedriveRequest request, String startedBy, boolean queued) {
        Map<String, Object> filters = new LinkedHashMap<>();
        filters.put("tenant", request.tenant() == null ? null : request.tenant().toString());
        filters.put("provider", request.provider());
        filters.put("reason", request.reason());
        filters.put("since", request.since() == null ? null : request.since().toString());
        filters.put("dry_run", request.dryRun());
        return runs.insert(REDRIVE, filters, startedBy, queued, Instant.now());
    }

    @Override
    public OperationRun run(UUID id, Consumer<Progress> progress, BooleanSupplier interrupt) {
        OperationRun run = runs.find(id).orElseThrow(() -> new IllegalStateException("no operation run " + id));
        Instant now = Instant.now();
        State state = runs.claim(id, now, now.minus(properties.staleAfter())).orElseThrow(
                () -> new IllegalStateException("operation run " + id + " is " + run.status() + " and cannot be run"));
        String status;
        try {
            status = REPLAY.equals(run.kind())
                    ? replay(id, replayRequest(run.filters()), state, progress, interrupt)
                    : redrive(id, redriveRequest(run.filters()), state, progress, interrupt);
            runs.finish(id, status, null, Instant.now());
        } catch (RuntimeException e) {
            log.error("Operation run {} ({}) failed", id, run.kind(), e);
            runs.finish(id, "failed", classifier.reason(e), Instant.now());
        }
        return runs.find(id).orElseThrow();
    }

    @Override
    public Optional<OperationRun> find(UUID id) {
        return runs.find(id);
    }

    @Override
    public List<OperationRun> latest(String kind, int limit) {
        return runs.latest(kind, limit);
    }

    @Override
    public Optional<OperationRun> cancel(UUID id) {
        runs.requestCancel(id, Instant.now());
        return runs.find(id);
    }

    // --- replay ---------------------------------------------------------------------------------------------------

    static ReplayRequest replayRequest(Map<String, Object> filters) {
        Object to = filters.get("to");
        Object tenant = filters.get("tenant");
        Object rate = filters.get("rate");
        return new ReplayRequest(Position.parse((String) filters.get("from")),
                to == null ? null : Position.parse((String) to),
                tenant == null ? null : UUID.fromString((String) tenant), (String) filters.get("provider"),
                ReplayRequest.Mode.parse((String) filters.get("mode")),
                rate == null ? null : ((Number) rate).doubleValue(), Boolean.TRUE.equals(filters.get("dry_run")));
    }

    private String replay(UUID id, ReplayRequest request, State state, Consumer<Progress> progress,
                          BooleanSupplier interrupt) {
        String topic = Topics.RAW_EVENTS.name();
        int perPoll = RateLimit.batchFor(request.rate(), properties.batchSize());
        try (KafkaConsumer<String, byte[]> consumer = consumer(properties.groupPrefix() + "-" + id, perPoll)) {
            if (!state.started()) {
                state = range(consumer, request);
                State initial = state;
                transaction.executeWithoutResult(tx -> runs.save(id, initial, Instant.now()));
            }
            progress.accept(state.progress());
            TreeMap<Integer, Long> checkpoint = state.checkpoint();
            TreeMap<Integer, Long> ends = state.ends();
            Map<TopicPartition, Long> open = new HashMap<>();
            checkpoint.forEach((partition, next) -> {
                if (next < ends.get(partition)) {
                    open.put(new TopicPartition(topic, partition), next);
                }
            });
            consumer.assign(open.keySet());
            open.forEach(consumer::seek);
            RateLimit limit = RateLimit.of(request.rate());
            Progress counts = state.progress();
            while (!open.isEmpty()) {
                if (interrupt.getAsBoolean()) {
                    return "cancelled";
                }
                ConsumerRecords<String, byte[]> polled = consumer.poll(POLL);
                List<ConsumerRecord<String, byte[]>> batch = new ArrayList<>();
                for (TopicPartition partition : polled.partitions()) {
                    long end = ends.get(partition.partition());
                    for (ConsumerRecord<String, byte[]> record : polled.records(partition)) {
                        if (record.offset() < end) {
                            batch.add(record);
                            checkpoint.put(partition.partition(), record.offset() + 1);
                        }
                    }
                }
                // Transaction markers and records past the end: a partition is done when its position reaches it.
                for (TopicPartition partition : List.copyOf(open.keySet())) {
                    long end = ends.get(partition.partition());
                    if (consumer.position(partition) >= end) {
                        checkpoint.put(partition.partition(), end);
                        open.remove(partition);
                    }
                }
                if (limit != null && !batch.isEmpty()) {
                    limit.acquire(batch.size());
                }
                counts = replayBatch(request, batch, counts);
                State next = new State(counts, checkpoint, ends);
                boolean cancelRequested = Boolean.TRUE.equals(
                        transaction.execute(tx -> runs.save(id, next, Instant.now())));
                commit(consumer, checkpoint);
                progress.accept(counts);
                if (open.size() != consumer.assignment().size()) {
                    consumer.assign(open.keySet());
                }
                if (cancelRequested) {
                    return "cancelled";
                }
            }
            return "succeeded";
        }
    }

    /**
     * Decodes and stores one batch in its own transaction and answers the counts after it. A record that cannot be
     * decoded is counted as failed and logged; it is the live processor's to dead-letter, not the replay's.
     */
    private Progress replayBatch(ReplayRequest request, List<ConsumerRecord<String, byte[]>> batch, Progress before) {
        long skipped = 0;
        long failed = 0;
        List<SignalRow> rows = new ArrayList<>();
        String tenant = request.tenant() == null ? null : request.tenant().toString();
        for (int i = 0; i < batch.size(); i++) {
            ConsumerRecord<String, byte[]> record = batch.get(i);
            if (tenant != null && !tenant.equals(record.key())) {
                skipped++;
                continue;
            }
            try {
                RawEvent event = decoder.read(record);
                if (request.provider() != null && !request.provider().equals(event.getProvider())) {
                    skipped++;
                    continue;
                }
                DecodedEvent decoded = decoder.decode(i, event);
                if (decoded.rows().isEmpty()) {
                    skipped++;
                }
                rows.addAll(decoded.rows());
            } catch (RuntimeException e) {
                failed++;
                log.warn("Replay: raw event {}-{}@{} (tenant {}) fails to decode: {}", record.topic(),
                        record.partition(), record.offset(), record.key(), classifier.reason(e));
            }
        }
        SignalStore.Written written = write(rows, request.mode() == ReplayRequest.Mode.REBUILD, request.dryRun());
        long unchanged = rows.size() - written.inserted() - written.updated();
        return new Progress(before.total(), before.read() + batch.size(), before.stored() + written.inserted(),
                before.updated() + written.updated(), before.skipped() + skipped + unchanged, before.failed() + failed);
    }

    /** Writes, or with {@code dryRun} writes and rolls back, so a dry run counts exactly what a run would do. */
    private SignalStore.Written write(List<SignalRow> rows, boolean rebuild, boolean dryRun) {
        return transaction.execute(tx -> {
            SignalStore.Written written = store.write(rows, rebuild);
            if (dryRun) {
                tx.setRollbackOnly();
            }
            return written;
        });
    }

    /** The partitions, start offsets and end offsets of a fresh replay. */
    private State range(KafkaConsumer<String, byte[]> consumer, ReplayRequest request) {
        String topic = Topics.RAW_EVENTS.name();
        List<TopicPartition> partitions = new ArrayList<>();
        for (PartitionInfo info : consumer.partitionsFor(topic)) {
            if (request.from().partition().isEmpty() || request.from().partition().getAsInt() == info.partition()) {
                partitions.add(new TopicPartition(topic, info.partition()));
            }
        }
        if (partitions.isEmpty()) {
            throw new IllegalArgumentException("connectors.raw-events has no partition " + request.from());
        }
        Map<TopicPartition, Long> beginnings = consumer.beginningOffsets(partitions);
        Map<TopicPartition, Long> latest = consumer.endOffsets(partitions);
        Map<TopicPartition, Long> starts = offsets(consumer, request.from(), partitions, latest);
        Map<TopicPartition, Long> ends = request.to() == null ? latest
                : offsets(consumer, request.to(), partitions, latest);
        TreeMap<Integer, Long> checkpoint = new TreeMap<>();
        TreeMap<Integer, Long> end = new TreeMap<>();
        long total = 0;
        for (TopicPartition partition : partitions) {
            long first = Math.max(starts.get(partition), beginnings.get(partition));
            long last = Math.min(ends.get(partition), latest.get(partition));
            checkpoint.put(partition.partition(), first);
            end.put(partition.partition(), Math.max(first, last));
            total += Math.max(0, last - first);
        }
        return new State(new Progress(total, 0, 0, 0, 0, 0), checkpoint, end);
    }

    private static Map<TopicPartition, Long> offsets(KafkaConsumer<String, byte[]> consumer, Position position,
                                                     List<TopicPartition> partitions, Map<TopicPartition, Long> latest) {
        Map<TopicPartition, Long> offsets = new HashMap<>();
        if (position.time() == null) {
            partitions.forEach(partition -> offsets.put(partition, position.offset()));
            return offsets;
        }
        Map<TopicPartition, Long> query = new HashMap<>();
        partitions.forEach(partition -> query.put(partition, position.time().toEpochMilli()));
        Map<TopicPartition, OffsetAndTimestamp> found = consumer.offsetsForTimes(query);
        // No record at or after the time: the partition's end.
        partitions.forEach(partition -> offsets.put(partition,
                found.get(partition) == null ? latest.get(partition) : found.get(partition).offset()));
        return offsets;
    }

    private static void commit(KafkaConsumer<String, byte[]> consumer, Map<Integer, Long> checkpoint) {
        String now = Instant.now().toString();
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        checkpoint.forEach((partition, offset) -> offsets.put(
                new TopicPartition(Topics.RAW_EVENTS.name(), partition), new OffsetAndMetadata(offset, now)));
        consumer.commitSync(offsets);
    }

    private KafkaConsumer<String, byte[]> consumer(String group, int maxPollRecords) {
        Map<String, Object> config = new HashMap<>(kafka.buildConsumerProperties());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, maxPollRecords);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.remove(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG);
        config.remove(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG);
        return new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer());
    }

    // --- dead letters ---------------------------------------------------------------------------------------------

    static RedriveRequest redriveRequest(Map<String, Object> filters) {
        Object tenant = filters.get("tenant");
        Object since = filters.get("since");
        return new RedriveRequest(tenant == null ? null : UUID.fromString((String) tenant),
                (String) filters.get("provider"), (String) filters.get("reason"),
                since == null ? null : Instant.parse((String) since), Boolean.TRUE.equals(filters.get("dry_run")));
    }

    @Override
    public List<DeadLetter> deadLetters(RedriveRequest filter, int limit) {
        Set<String> redriven = redriven();
        List<DeadLetter> found = new ArrayList<>();
        scanDeadLetters(record -> {
            DeadLetter letter = summarize(record, redriven);
            if (matches(letter, filter) && found.size() < limit) {
                found.add(letter);
            }
            return found.size() < limit;
        });
        return found;
    }

    @Override
    public Optional<DeadLetter> deadLetter(int partition, long offset) {
        TopicPartition tp = new TopicPartition(Topics.RAW_EVENTS_DLT.name(), partition);
        try (KafkaConsumer<String, byte[]> consumer = consumer(properties.groupPrefix() + "-dlt-reader", 1)) {
            if (consumer.partitionsFor(tp.topic()).stream().noneMatch(p -> p.partition() == partition)) {
                return Optional.empty();
            }
            long end = consumer.endOffsets(List.of(tp)).get(tp);
            if (offset >= end) {
                return Optional.empty();
            }
            consumer.assign(List.of(tp));
            consumer.seek(tp, offset);
            while (consumer.position(tp) < end) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL)) {
                    if (record.offset() == offset) {
                        return Optional.of(summarize(record, redriven()));
                    }
                    if (record.offset() > offset) {
                        return Optional.empty();
                    }
                }
            }
            return Optional.empty();
        }
    }

    private String redrive(UUID id, RedriveRequest request, State state, Consumer<Progress> progress,
                           BooleanSupplier interrupt) {
        Set<String> redriven = redriven();
        long[] counts = {0, 0, 0, 0};
        long total = scanDeadLetters(null);
        State[] current = {new State(new Progress(total, 0, 0, 0, 0, 0), new TreeMap<>(), new TreeMap<>())};
        transaction.executeWithoutResult(tx -> runs.save(id, current[0], Instant.now()));
        progress.accept(current[0].progress());
        boolean[] cancelled = {false};
        scanDeadLetters(record -> {
            if (interrupt.getAsBoolean()) {
                cancelled[0] = true;
                return false;
            }
            DeadLetter letter = summarize(record, redriven);
            if (!matches(letter, request) || letter.redriven()) {
                counts[2]++;
            } else {
                redriveOne(id, record, request.dryRun(), counts);
            }
            Progress now = new Progress(total, current[0].progress().read() + 1, counts[0], 0, counts[2], counts[3]);
            current[0] = new State(now, current[0].checkpoint(), current[0].ends());
            boolean cancel = Boolean.TRUE.equals(transaction.execute(tx -> runs.save(id, current[0], Instant.now())));
            progress.accept(now);
            if (cancel) {
                cancelled[0] = true;
            }
            return !cancel;
        });
        return cancelled[0] ? "cancelled" : "succeeded";
    }

    /** Stores a dead letter's signals and marks it redriven in one transaction; a failure leaves it where it is. */
    private void redriveOne(UUID run, ConsumerRecord<String, byte[]> record, boolean dryRun, long[] counts) {
        ConsumerRecord<String, byte[]> asRaw = new ConsumerRecord<>(Topics.RAW_EVENTS.name(), record.partition(),
                record.offset(), record.key(), record.value());
        try {
            DecodedEvent decoded = decoder.decode(0, decoder.read(asRaw));
            SignalStore.Written written = transaction.execute(tx -> {
                SignalStore.Written w = store.write(decoded.rows(), false);
                jdbc.sql("""
                                INSERT INTO dead_letter_redrives (dlt_partition, dlt_offset, run_id, tenant_id)
                                VALUES (?, ?, ?, CAST(? AS uuid)) ON CONFLICT DO NOTHING""")
                        .params(record.partition(), record.offset(), run, tenantOrNull(record.key())).update();
                if (dryRun) {
                    tx.setRollbackOnly();
                }
                return w;
            });
            counts[0] += written.inserted();
            if (written.inserted() == 0) {
                counts[2]++;
            }
        } catch (RuntimeException e) {
            counts[3]++;
            log.warn("Redrive: dead letter {}-{}@{} (tenant {}) still fails and stays: {}", record.topic(),
                    record.partition(), record.offset(), record.key(), classifier.reason(e));
        }
    }

    private static String tenantOrNull(String key) {
        try {
            return key == null ? null : UUID.fromString(key).toString();
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private Set<String> redriven() {
        Set<String> done = new HashSet<>();
        jdbc.sql("SELECT dlt_partition, dlt_offset FROM dead_letter_redrives")
                .query((rs, i) -> rs.getInt(1) + ":" + rs.getLong(2)).list().forEach(done::add);
        return done;
    }

    /** What {@link #scanDeadLetters} calls per record; false stops the scan. */
    private interface Visitor {
        boolean visit(ConsumerRecord<String, byte[]> record);
    }

    /**
     * Visits the dead-letter topic from its beginning to its end as of now, partition by partition.
     *
     * @return how many records it holds (when {@code visitor} is null, nothing is read)
     */
    private long scanDeadLetters(Visitor visitor) {
        String topic = Topics.RAW_EVENTS_DLT.name();
        try (KafkaConsumer<String, byte[]> consumer = consumer(properties.groupPrefix() + "-dlt-reader", 500)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(info -> new TopicPartition(topic, info.partition()))
                    .sorted((a, b) -> Integer.compare(a.partition(), b.partition())).toList();
            Map<TopicPartition, Long> beginnings = consumer.beginningOffsets(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            long total = partitions.stream().mapToLong(p -> ends.get(p) - beginnings.get(p)).sum();
            if (visitor == null) {
                return total;
            }
            for (TopicPartition partition : partitions) {
                long end = ends.get(partition);
                if (beginnings.get(partition) >= end) {
                    continue;
                }
                consumer.assign(List.of(partition));
                consumer.seek(partition, beginnings.get(partition));
                while (consumer.position(partition) < end) {
                    for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL)) {
                        if (record.offset() < end && !visitor.visit(record)) {
                            return total;
                        }
                    }
                }
            }
            return total;
        }
    }

    private DeadLetter summarize(ConsumerRecord<String, byte[]> record, Set<String> redriven) {
        String provider = null;
        String eventType = null;
        String eventId = null;
        byte[] payload = record.value() == null ? new byte[0] : record.value();
        try {
            RawEvent event = decoder.read(new ConsumerRecord<>(Topics.RAW_EVENTS.name(), record.partition(),
                    record.offset(), record.key(), record.value()));
            provider = event.getProvider();
            eventType = event.getEventType();
            eventId = event.getEventId().toString();
            payload = bytes(event.getPayload());
        } catch (RuntimeException e) {
            // Not a raw event at all (that may be why it is here): the summary shows its bytes.
        }
        String text = new String(payload, 0, Math.min(payload.length, SUMMARY_CHARS * 4), StandardCharsets.UTF_8);
        String summary = text.length() > SUMMARY_CHARS ? text.substring(0, SUMMARY_CHARS) + "…" : text;
        return new DeadLetter(record.partition(), record.offset(), record.key(), provider, eventType, eventId,
                header(record, KafkaHeaders.DLT_EXCEPTION_MESSAGE), header(record, KafkaHeaders.DLT_EXCEPTION_FQCN),
                header(record, KafkaHeaders.DLT_ORIGINAL_TOPIC), intHeader(record, KafkaHeaders.DLT_ORIGINAL_PARTITION),
                longHeader(record, KafkaHeaders.DLT_ORIGINAL_OFFSET), Instant.ofEpochMilli(record.timestamp()),
                payload.length, summary.replaceAll("\\s+", " "),
                redriven.contains(record.partition() + ":" + record.offset()));
    }

    private static boolean matches(DeadLetter letter, RedriveRequest filter) {
        return (filter.tenant() == null || filter.tenant().toString().equals(letter.tenant()))
                && (filter.provider() == null || filter.provider().equals(letter.provider()))
                && (filter.reason() == null || (letter.reason() != null
                    && letter.reason().toLowerCase(Locale.ROOT).contains(filter.reason().toLowerCase(Locale.ROOT))))
                && (filter.since() == null || !letter.deadLetteredAt().isBefore(filter.since()));
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static Integer intHeader(ConsumerRecord<String, byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null || header.value().length != 4 ? null : ByteBuffer.wrap(header.value()).getInt();
    }

    private static Long longHeader(ConsumerRecord<String, byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null || header.value().length != 8 ? null : ByteBuffer.wrap(header.value()).getLong();
    }

    private static byte[] bytes(ByteBuffer buffer) {
        ByteBuffer view = buffer.duplicate();
        byte[] bytes = new byte[view.remaining()];
        view.get(bytes);
        return bytes;
    }

    // --- lag ------------------------------------------------------------------------------------------------------

    @Override
    public List<GroupLag> lag(String group, Duration sample) {
        try (Admin admin = Admin.create(kafka.buildAdminProperties())) {
            List<String> groups = group != null ? List.of(group)
                    : admin.listGroups().all().get().stream().map(GroupListing::groupId).sorted().toList();
            Map<String, Map<TopicPartition, OffsetAndMetadata>> first = committed(admin, groups);
            long started = System.nanoTime();
            if (!sample.isZero()) {
                Thread.sleep(sample.toMillis());
            }
            Map<String, Map<TopicPartition, OffsetAndMetadata>> second = committed(admin, groups);
            double seconds = Math.max(1e-9, (System.nanoTime() - started) / 1e9);
            Map<TopicPartition, OffsetSpec> query = new HashMap<>();
            second.values().forEach(offsets -> offsets.keySet().forEach(tp -> query.put(tp, OffsetSpec.latest())));
            Map<TopicPartition, Long> ends = new HashMap<>();
            admin.listOffsets(query).all().get().forEach((tp, info) -> ends.put(tp, info.offset()));
            List<GroupLag> lags = new ArrayList<>();
            for (String id : groups) {
                Map<TopicPartition, OffsetAndMetadata> now = second.getOrDefault(id, Map.of());
                Map<TopicPartition, OffsetAndMetadata> before = first.getOrDefault(id, Map.of());
                now.entrySet().stream().sorted(Map.Entry.comparingByKey((a, b) -> a.partition() - b.partition()))
                        .forEach(entry -> {
                            TopicPartition tp = entry.getKey();
                            long committed = entry.getValue().offset();
                            long end = ends.getOrDefault(tp, committed);
                            OffsetAndMetadata earlier = before.get(tp);
                            double rate = earlier == null ? 0 : (committed - earlier.offset()) / seconds;
                            lags.add(new GroupLag(id, tp.partition(), committed, end, Math.max(0, end - committed),
                                    commitTime(entry.getValue().metadata()), sample.isZero() ? 0 : rate));
                        });
            }
            return lags;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading consumer lag", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("could not read consumer lag: " + e.getCause().getMessage(), e);
        }
    }

    private static Map<String, Map<TopicPartition, OffsetAndMetadata>> committed(Admin admin, List<String> groups)
            throws InterruptedException, ExecutionException {
        Map<String, Map<TopicPartition, OffsetAndMetadata>> all = new HashMap<>();
        for (String group : groups) {
            Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
            admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get().forEach((tp, offset) -> {
                if (offset != null && tp.topic().equals(Topics.RAW_EVENTS.name())) {
                    offsets.put(tp, offset);
                }
            });
            if (!offsets.isEmpty()) {
                all.put(group, offsets);
            }
        }
        return all;
    }

    private static Instant commitTime(String metadata) {
        try {
            return metadata == null || metadata.isEmpty() ? null : Instant.parse(metadata);
        } catch (RuntimeException e) {
            return null;
        }
    }
}
