package com.poblysh.connectors.processor;

import java.util.ArrayList;
import java.util.List;

import com.poblysh.connectors.processor.FailureClassifier.Failure;
import com.poblysh.connectors.processor.ProcessingMetrics.Outcome;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.stereotype.Component;

/**
 * Consumes {@code connectors.raw-events} in batches: decodes and normalizes every record, then stores the batch's
 * signals in one transaction. The listener returns only after the commit, and the container commits offsets only
 * then (ack-mode batch), so nothing is acknowledged before it is in Postgres.
 *
 * <p>When record {@code i} fails, the signals of records {@code [0, i)} are stored first and
 * {@link BatchListenerFailedException} names {@code i}: the error handler commits up to {@code i}, retries or
 * dead-letters {@code i} (see {@link FailureClassifier}) and redelivers the rest.
 */
@Component
class RawEventListener {

    private static final Logger log = LoggerFactory.getLogger(RawEventListener.class);

    private final RawEventDecoder decoder;
    private final SignalStore store;
    private final FailureClassifier classifier;
    private final ProcessingMetrics metrics;

    RawEventListener(RawEventDecoder decoder, SignalStore store, FailureClassifier classifier,
                     ProcessingMetrics metrics) {
        this.decoder = decoder;
        this.store = store;
        this.classifier = classifier;
        this.metrics = metrics;
    }

    // The group is spring.kafka.consumer.group-id (POBLYSH_PROCESSOR_GROUP_ID), not the listener id.
    @KafkaListener(id = "raw-events", idIsGroup = false,
            topics = "#{T(com.poblysh.connectors.schemas.Topics).RAW_EVENTS.name()}")
    void onBatch(List<ConsumerRecord<String, byte[]>> records) {
        List<DecodedEvent> decoded = new ArrayList<>(records.size());
        for (int i = 0; i < records.size(); i++) {
            ConsumerRecord<String, byte[]> record = records.get(i);
            try {
                decoded.add(decoder.decode(i, record));
            } catch (RuntimeException e) {
                store(decoded);
                String reason = classifier.reason(e);
                if (classifier.classify(e) == Failure.FATAL) {
                    metrics.count(ProcessingMetrics.UNKNOWN_PROVIDER, Outcome.INVALID);
                }
                log.warn("Raw event {}-{}@{} (key {}) failed: {}", record.topic(), record.partition(),
                        record.offset(), record.key(), reason);
                throw new BatchListenerFailedException(reason, e, i);
            }
        }
        store(decoded);
    }

    /**
     * Stores the signals of {@code decoded} in one transaction. When the database refuses the batch for a reason
     * other than an outage, the records are stored one by one to find the one it refuses, so only that one is
     * dead-lettered and its neighbours are kept.
     */
    private void store(List<DecodedEvent> decoded) {
        try {
            store.insert(decoded.stream().flatMap(d -> d.rows().stream()).toList());
        } catch (RuntimeException e) {
            if (classifier.classify(e) == Failure.TRANSIENT) {
                // Nothing of the batch is stored: retry from its first record until the database is back.
                log.warn("Postgres unavailable, the batch of {} raw events will be retried: {}", decoded.size(),
                        classifier.reason(e));
                throw new BatchListenerFailedException("storing signals failed: " + classifier.reason(e), e, 0);
            }
            log.warn("Storing a batch of {} raw events failed ({}); storing them one by one", decoded.size(),
                    classifier.reason(e));
            storeOneByOne(decoded);
            return;
        }
        decoded.forEach(this::count);
    }

    private void storeOneByOne(List<DecodedEvent> decoded) {
        for (DecodedEvent event : decoded) {
            try {
                store.insert(event.rows());
            } catch (RuntimeException e) {
                if (classifier.classify(e) == Failure.FATAL) {
                    metrics.count(event.provider(), Outcome.INVALID);
                }
                throw new BatchListenerFailedException("storing signals failed: " + classifier.reason(e), e,
                        event.index());
            }
            count(event);
        }
    }

    private void count(DecodedEvent event) {
        metrics.count(event.provider(), event.outcome());
        if (event.sanitized()) {
            metrics.countSanitized(event.provider());
        }
    }
}
