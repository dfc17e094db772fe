package com.poblysh.connectors.reliability;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import com.poblysh.connectors.common.db.DatabaseBootstrap;
import com.poblysh.connectors.schemas.SerdeConfig;
import com.poblysh.connectors.schemas.Topics;
import com.poblysh.connectors.schemas.avro.RawEvent;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * What the pipeline stored: every signal row in Postgres (straight to the server, not through the proxy the suite
 * cuts) and every record on the dead-letter topic, read from its beginning by a consumer of no group. A snapshot
 * is taken whenever the suite asks.
 */
final class Ledger implements AutoCloseable {

    static final String ORIGINAL_GROUP = "kafka_dlt-original-consumer-group";
    static final String REASON = "kafka_dlt-exception-message";

    /** One dead letter: the raw event it holds (null when the value is no raw event), its group and reason. */
    record DeadLetter(UUID eventId, String value, String group, String reason) {
    }

    /** One signal row. */
    record SignalRow(UUID id, UUID tenantId, String dedupeKey, UUID sourceEventId) {
    }

    /** Everything stored at one moment. */
    record Snapshot(List<SignalRow> signals, long signalKeys, long signalsWithoutTheirKey,
                    Map<UUID, List<SignalRow>> signalsByEvent, Map<UUID, List<DeadLetter>> deadLettersByEvent,
                    List<DeadLetter> deadLetters) {

        List<SignalRow> signalsOf(UUID eventId) {
            return signalsByEvent.getOrDefault(eventId, List.of());
        }

        /** Dead letters of {@code eventId} written by consumer group {@code group}. */
        List<DeadLetter> deadLettersOf(UUID eventId, String group) {
            return deadLettersByEvent.getOrDefault(eventId, List.of()).stream()
                    .filter(d -> group.equals(d.group())).toList();
        }

        /** Signals sharing a (tenant, dedupe key) with another one: must stay 0. */
        long duplicateKeys() {
            Map<String, Integer> perKey = new HashMap<>();
            signals.forEach(s -> perKey.merge(s.tenantId() + " " + s.dedupeKey(), 1, Integer::sum));
            return perKey.values().stream().filter(n -> n > 1).mapToLong(n -> n - 1).sum();
        }
    }

    private final DatabaseBootstrap.Target database;
    private final KafkaConsumer<String, byte[]> dlt;
    private final Deserializer<RawEvent> rawEvents;
    private final List<DeadLetter> deadLetters = new ArrayList<>();

    Ledger(DatabaseBootstrap.Target database, String bootstrapServers, String registryUrl) {
        this.database = database;
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        this.dlt = new KafkaConsumer<>(props, Topics.RAW_EVENTS_DLT.keyDeserializer(SerdeConfig.of(registryUrl)),
                Topics.RAW_EVENTS_DLT.valueDeserializer(SerdeConfig.of(registryUrl)));
        this.rawEvents = Topics.RAW_EVENTS.valueDeserializer(SerdeConfig.of(registryUrl));
    }

    /** Assigns every partition of the dead-letter topic from its beginning (once it exists). */
    Ledger startReadingDeadLetters(int partitions) {
        List<TopicPartition> all = new ArrayList<>();
        for (int p = 0; p < partitions; p++) {
            all.add(new TopicPartition(Topics.RAW_EVENTS_DLT.name(), p));
        }
        dlt.assign(all);
        dlt.seekToBeginning(all);
        return this;
    }

    synchronized Snapshot snapshot() {
        readDeadLetters();
        List<SignalRow> signals = new ArrayList<>();
        long keys;
        long orphans;
        try (Connection c = DriverManager.getConnection(database.url(), database.user(), database.password());
             Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT id, tenant_id, dedupe_key, source_event_id FROM signals")) {
                while (rs.next()) {
                    signals.add(new SignalRow(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class),
                            rs.getString(3), rs.getObject(4, UUID.class)));
                }
            }
            keys = count(s, "SELECT count(*) FROM signal_keys");
            orphans = count(s, "SELECT count(*) FROM signals s LEFT JOIN signal_keys k ON k.tenant_id = s.tenant_id "
                    + "AND k.dedupe_key = s.dedupe_key AND k.signal_id = s.id WHERE k.tenant_id IS NULL");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the signals", e);
        }
        Map<UUID, List<SignalRow>> byEvent = new HashMap<>();
        signals.forEach(r -> byEvent.computeIfAbsent(r.sourceEventId(), k -> new ArrayList<>()).add(r));
        Map<UUID, List<DeadLetter>> lettersByEvent = new HashMap<>();
        deadLetters.stream().filter(d -> d.eventId() != null)
                .forEach(d -> lettersByEvent.computeIfAbsent(d.eventId(), k -> new ArrayList<>()).add(d));
        return new Snapshot(List.copyOf(signals), keys, orphans, byEvent, lettersByEvent, List.copyOf(deadLetters));
    }

    /** How many of {@code deliveries} have a signal now (one query, straight to Postgres). */
    long storedAmong(List<WebhookTraffic.Delivery> deliveries) {
        try (Connection c = DriverManager.getConnection(database.url(), database.user(), database.password());
             var ps = c.prepareStatement("SELECT count(*) FROM signals WHERE source_event_id = ANY (?)")) {
            ps.setArray(1, c.createArrayOf("uuid", deliveries.stream().map(d -> d.eventId).toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot count the signals", e);
        }
    }

    private void readDeadLetters() {
        // Read until a poll returns nothing: the positions persist, so each snapshot reads only what is new.
        for (int empty = 0; empty < 2; ) {
            var records = dlt.poll(Duration.ofMillis(200));
            if (records.isEmpty()) {
                empty++;
            }
            for (ConsumerRecord<String, byte[]> record : records) {
                deadLetters.add(new DeadLetter(eventId(record.value()),
                        new String(record.value(), StandardCharsets.UTF_8), header(record, ORIGINAL_GROUP),
                        header(record, REASON)));
            }
        }
    }

    private UUID eventId(byte[] value) {
        try {
            return rawEvents.deserialize(Topics.RAW_EVENTS.name(), value).getEventId();
        } catch (RuntimeException e) {
            return null; // not a raw event: the garbage the suite writes straight to the topic
        }
    }

    private static String header(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static long count(Statement s, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Override
    public synchronized void close() {
        dlt.close();
    }
}
