package com.poblysh.connectors.processor;

import java.util.ArrayList;
import java.util.List;

import com.poblysh.connectors.processor.FailureClassifier.Failure;
import com.poblysh.connectors.processor.ProcessingMetrics.Outcome;
import com.poblysh.connectors.schemas.avro.RawEvent;
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
 * {@link RawEventFailedException} names {@code i}: the error handler commits up to {@code i}, retries or
 * dead-letters {@code i} (see {@link FailureClassifier}) and redelivers the rest. A failure that will be retried is
 * logged here, one line per attempt; a dead-lettered record is logged once, by {@link DeadLetterRecoverer}.
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
            RawEvent event = null;
            try {
                event = decoder.read(record);
                decoded.add(decoder.decode(i, event));
            } catch (RuntimeException e) {
                store(records, decoded);
                if (classifier.classify(e) == Failure.FATAL) {
                    metrics.countInvalidUndecoded();
                }
                throw failed(record, i, event == null ? null : event.getProvider(), e);
            }
        }
        store(records, decoded);
    }

    /**
     * Stores the signals of {@code decoded} in one transaction. When the database refuses the batch for a reason
     * other than an outage, the records are stored one by one to find the one it refuses, so only that one is
     * dead-lettered and its neighbours are kept.
     */
    private void store(List<ConsumerRecord<String, byte[]>> records, List<DecodedEvent> decoded) {
        try {
            store.insert(decoded.stream().flatMap(d -> d.rows().stream()).toList());
        } catch (RuntimeException e) {
            if (classifier.classify(e) == Failure.TRANSIENT) {
                // Nothing of the batch is stored: retry from its first record until the database is back.
                log.warn("Postgres unavailable, the batch of {} raw events will be retried: {}", decoded.size(),
                        classifier.reason(e));
                throw new BatchListenerFailedException("storing signals failed: " + classifier.reason(e), e, 0);
            }
            // Not a warning of its own: the record the database refuses is reported when it is dead-lettered.
            log.info("Storing a batch of {} raw events failed ({}); storing them one by one", decoded.size(),
                    classifier.reason(e));
            storeOneByOne(records, decoded);
            return;
        }
        decoded.forEach(this::count);
    }

    private void storeOneByOne(List<ConsumerRecord<String, byte[]>> records, List<DecodedEvent> decoded) {
        for (DecodedEvent event : decoded) {
            try {
                store.insert(event.rows());
            } catch (RuntimeException e) {
                if (classifier.classify(e) == Failure.FATAL) {
                    metrics.count(event.provider(), Outcome.INVALID);
                }
                throw failed(records.get(event.index()), event.index(), event.provider().id(), e);
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

    /**
     * The exception handing record {@code index} to the error handler; logs it unless it goes straight to the DLT.
     * {@code provider} is the raw event's as it came (null when it did not decode): an unknown one is named too.
     */
    private RawEventFailedException failed(ConsumerRecord<String, byte[]> record, int index, String provider,
                                           RuntimeException e) {
        String reason = classifier.reason(e);
        RawEventFailedException failed = new RawEventFailedException(reason, e, index, provider);
        if (classifier.classify(e) != Failure.FATAL) {
            log.warn("Raw event {}-{}@{} (provider {}, tenant {}) failed: {}", record.topic(),
                    record.partition(), record.offset(), RawEventFailedException.providerOf(failed), record.key(),
                    reason);
        }
        return failed;
    }
}
