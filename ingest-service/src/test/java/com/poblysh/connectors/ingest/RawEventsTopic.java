package com.poblysh.connectors.ingest;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

import com.poblysh.connectors.schemas.Topics;
import com.poblysh.connectors.schemas.avro.RawEvent;
import com.poblysh.connectors.testsupport.TestKafka;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/** Reads {@code connectors.raw-events} from the beginning, as the processor would, keeping one tenant's records. */
public final class RawEventsTopic implements AutoCloseable {

    private final KafkaConsumer<String, RawEvent> consumer;
    private final String tenant;
    private final List<ConsumerRecord<String, RawEvent>> records = new ArrayList<>();

    public RawEventsTopic(UUID tenant) {
        this.tenant = tenant.toString();
        this.consumer = TestKafka.consumer(Topics.RAW_EVENTS, Map.of());
        List<TopicPartition> partitions = consumer.partitionsFor(Topics.RAW_EVENTS.name()).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
    }

    /** Polls until the tenant's records so far satisfy {@code done} (at most 30 s), and returns them. */
    public List<ConsumerRecord<String, RawEvent>> awaitRecords(Predicate<List<ConsumerRecord<String, RawEvent>>> done) {
        await().atMost(Duration.ofSeconds(30)).pollInSameThread().pollInterval(Duration.ZERO).until(() -> {
            consumer.poll(Duration.ofMillis(200)).forEach(r -> {
                if (tenant.equals(r.key())) {
                    records.add(r);
                }
            });
            return done.test(records);
        });
        return List.copyOf(records);
    }

    /** Polls until a record with {@code eventId} arrived; returns every record of the tenant up to then. */
    public List<ConsumerRecord<String, RawEvent>> awaitEvent(UUID eventId) {
        return awaitRecords(seen -> seen.stream().anyMatch(r -> eventId.equals(r.value().getEventId())));
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(5));
    }
}
