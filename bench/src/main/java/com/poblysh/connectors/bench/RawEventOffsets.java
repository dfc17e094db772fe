package com.poblysh.connectors.bench;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;

import com.poblysh.connectors.schemas.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/** End offsets of {@code connectors.raw-events}, and moving the processor's group there. */
final class RawEventOffsets {

    private RawEventOffsets() {
    }

    static Map<TopicPartition, Long> end(Admin admin, int partitions) throws ExecutionException, InterruptedException {
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        for (int p = 0; p < partitions; p++) {
            request.put(new TopicPartition(Topics.RAW_EVENTS.name(), p), OffsetSpec.latest());
        }
        Map<TopicPartition, Long> offsets = new HashMap<>();
        admin.listOffsets(request).all().get().forEach((tp, info) -> offsets.put(tp, info.offset()));
        return offsets;
    }

    /**
     * Commits {@code offsets} for {@code group}, so what lies before them is never consumed: one scenario does not
     * pay for another's backlog. The group's consumers must be stopped.
     */
    static void skipTo(Admin admin, String group, Map<TopicPartition, Long> offsets)
            throws ExecutionException, InterruptedException {
        Map<TopicPartition, OffsetAndMetadata> skip = new HashMap<>();
        offsets.forEach((tp, offset) -> skip.put(tp, new OffsetAndMetadata(offset)));
        admin.alterConsumerGroupOffsets(group, skip).all().get();
    }
}
