package com.poblysh.connectors.ingest.jobs;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.poblysh.connectors.schemas.Topics;
import com.poblysh.connectors.schemas.avro.RawEvent;
import com.poblysh.connectors.testsupport.TestKafka;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * Everything on {@code connectors.raw-events} for one tenant up to now: reads every partition from the beginning to
 * the end offsets taken first, so "exactly once" means exactly once, not "at least once so far".
 */
final class TenantRawEvents {

    private TenantRawEvents() {
    }

    static List<RawEvent> read(UUID tenant) {
        try (KafkaConsumer<String, RawEvent> consumer = TestKafka.consumer(Topics.RAW_EVENTS, Map.of())) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.RAW_EVENTS.name()).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            List<RawEvent> events = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("could not read connectors.raw-events to its end in 30 s");
                }
                consumer.poll(Duration.ofMillis(200)).forEach(r -> {
                    if (r.key().equals(tenant.toString())) {
                        events.add(r.value());
                    }
                });
            }
            return events;
        }
    }
}
