package com.poblysh.connectors.processor;

import java.util.Arrays;

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
 */
class DeadLetterRecoverer extends DeadLetterPublishingRecoverer {

    private static final Logger log = LoggerFactory.getLogger(DeadLetterRecoverer.class);

    private final FailureClassifier classifier;

    DeadLetterRecoverer(KafkaOperations<?, ?> kafka, FailureClassifier classifier) {
        // Same partition as the original when the dead-letter topic has it; otherwise the recoverer's partition
        // check lets the producer choose (-1).
        super(kafka, (record, e) -> new TopicPartition(Topics.RAW_EVENTS_DLT.name(), record.partition()));
        this.classifier = classifier;
    }

    @Override
    public void accept(ConsumerRecord<?, ?> record, Consumer<?, ?> consumer, Exception exception) {
        super.accept(record, consumer, exception); // throws when the publication fails: nothing to report yet
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
}
