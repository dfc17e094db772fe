package com.poblysh.connectors.processor;

import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.poblysh.connectors.processor.FailureClassifier.Failure;
import com.poblysh.connectors.schemas.Topics;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;

/**
 * Publishes a record that will not be processed to {@code connectors.raw-events.dlt}, then logs it once: one WARN
 * line (provider, tenant, topic-partition@offset, reason) for a record that is bad in itself, an expected and
 * handled case; an ERROR with the stack trace for an unexpected error, which is likely a bug.
 *
 * <p>When the publication itself fails (the topic refuses the record, the broker is away), the record's partition
 * cannot move on without losing it. That is an ERROR on every attempt, and {@link #failedAttempts} lets the retry
 * policy wait longer before each next one, so a stuck dead letter is loud and bounded, never a silent hot loop.
 */
class DeadLetterRecoverer extends DeadLetterPublishingRecoverer {

    private static final Logger log = LoggerFactory.getLogger(DeadLetterRecoverer.class);

    private final FailureClassifier classifier;
    private final Map<TopicPartition, Attempts> failures = new ConcurrentHashMap<>();

    DeadLetterRecoverer(KafkaOperations<?, ?> kafka, FailureClassifier classifier) {
        // Same partition as the original when the dead-letter topic has it; otherwise the recoverer's partition
        // check lets the producer choose (-1).
        super(kafka, (record, e) -> new TopicPartition(Topics.RAW_EVENTS_DLT.name(), record.partition()));
        this.classifier = classifier;
    }

    @Override
    public void accept(ConsumerRecord<?, ?> record, Consumer<?, ?> consumer, Exception exception) {
        TopicPartition partition = new TopicPartition(record.topic(), record.partition());
        try {
            super.accept(record, consumer, exception);
        } catch (RuntimeException publishFailure) {
            Attempts attempts = failures.merge(partition, new Attempts(record.offset(), 1),
                    (old, one) -> old.offset() == record.offset() ? new Attempts(old.offset(), old.count() + 1) : one);
            log.error("Raw event {}-{}@{} (tenant {}) could not be dead-lettered (attempt {}), its partition waits: {}",
                    record.topic(), record.partition(), record.offset(), record.key(), attempts.count(),
                    classifier.reason(publishFailure));
            throw publishFailure;
        }
        failures.remove(partition);
        String message = "Dead-lettered raw event {}-{}@{} (provider {}, tenant {}): {}";
        Object[] fields = {record.topic(), record.partition(), record.offset(),
                RawEventFailedException.providerOf(exception), record.key(), classifier.reason(exception)};
        if (classifier.classify(exception) == Failure.FATAL) {
            log.warn(message, fields);
        } else {
            Object[] withTrace = Arrays.copyOf(fields, fields.length + 1);
            withTrace[fields.length] = classifier.culprit(exception);
            log.error(message, withTrace);
        }
    }

    /** How many times in a row publishing {@code record} to the dead-letter topic has failed; 0 if it has not. */
    int failedAttempts(ConsumerRecord<?, ?> record) {
        Attempts attempts = failures.get(new TopicPartition(record.topic(), record.partition()));
        return attempts != null && attempts.offset() == record.offset() ? attempts.count() : 0;
    }

    private record Attempts(long offset, int count) {
    }
}
