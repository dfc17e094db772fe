package com.poblysh.connectors.processor.operations;

import java.time.Instant;

/**
 * How far one consumer group is behind on one partition of {@code connectors.raw-events}.
 *
 * @param group          the consumer group
 * @param partition      the partition
 * @param committed      the group's committed offset
 * @param end            the partition's end offset
 * @param lag            {@code end - committed}
 * @param lastCommitAt   when the group last committed there, when it records it (the processor and replays do)
 * @param eventsPerSecond how fast the committed offset moved while sampled
 */
public record GroupLag(String group, int partition, long committed, long end, long lag, Instant lastCommitAt,
                       double eventsPerSecond) {
}
