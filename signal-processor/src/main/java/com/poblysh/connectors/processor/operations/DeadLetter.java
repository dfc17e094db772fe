package com.poblysh.connectors.processor.operations;

import java.time.Instant;

/**
 * One record of {@code connectors.raw-events.dlt}, summarized.
 *
 * @param partition        its partition on the dead-letter topic
 * @param offset           its offset there ({@code dlt show <partition:offset>})
 * @param tenant           its key
 * @param provider         the raw event's provider, null when the value does not decode
 * @param eventType        the raw event's type, null when the value does not decode
 * @param eventId          the raw event's id, null when the value does not decode
 * @param reason           the failure reason ({@code kafka_dlt-exception-message})
 * @param exception        the failure's exception class ({@code kafka_dlt-exception-fqcn})
 * @param originalTopic    where it was consumed
 * @param originalPartition its partition there
 * @param originalOffset   its offset there
 * @param deadLetteredAt   when it was dead-lettered
 * @param payloadBytes     size of the raw event's payload (of the whole value when it does not decode)
 * @param payloadSummary   the first characters of the payload
 * @param redriven         whether a redrive already turned it into signals
 */
public record DeadLetter(int partition, long offset, String tenant, String provider, String eventType,
                         String eventId, String reason, String exception, String originalTopic,
                         Integer originalPartition, Long originalOffset, Instant deadLetteredAt, int payloadBytes,
                         String payloadSummary, boolean redriven) {
}
