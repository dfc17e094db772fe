package com.poblysh.connectors.ingest.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import com.poblysh.connectors.common.web.ApiException;
import com.poblysh.connectors.common.web.ProblemCode;
import com.poblysh.connectors.ingest.IngestProperties;
import com.poblysh.connectors.schemas.Topics;
import com.poblysh.connectors.schemas.avro.RawEvent;
import org.apache.kafka.common.KafkaException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/**
 * Publishes raw events to {@code connectors.raw-events}, keyed by tenant id, and returns only once the broker
 * acknowledged them (acks=all, idempotent producer). A failed or slow send is a 503 for the caller, who retries;
 * the deterministic event id lets the processor drop the duplicate when the slow send landed after all.
 */
@Component
public class RawEventPublisher {

    private static final Logger log = LoggerFactory.getLogger(RawEventPublisher.class);
    /** What a 503 asks the provider to wait; Kafka hiccups (leader election, a broker restart) take seconds. */
    static final long RETRY_AFTER_SECONDS = 5;

    private final KafkaTemplate<String, RawEvent> template;
    private final Duration timeout;

    RawEventPublisher(KafkaTemplate<String, RawEvent> template, IngestProperties properties) {
        this.template = template;
        this.timeout = properties.sendTimeout();
    }

    /**
     * Sends {@code event} and waits for the acknowledgement, at most the send timeout in all: the time send() itself
     * blocks (waiting for metadata while the broker is away) counts, so a 503 never comes later than that.
     *
     * @throws ApiException 503 {@code SERVICE_UNAVAILABLE} with {@code retry_after} when Kafka did not acknowledge
     *                      in time
     */
    public void publish(RawEvent event) {
        String key = event.getTenantId().toString();
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            CompletableFuture<?> send = template.send(Topics.RAW_EVENTS.name(), key, event);
            send.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable(event, e);
        } catch (ExecutionException e) {
            throw unavailable(event, e.getCause() == null ? e : e.getCause());
        } catch (TimeoutException | KafkaException | org.springframework.kafka.KafkaException e) {
            // KafkaTemplate.send wraps what the producer throws at once (no metadata within max.block.ms while the
            // broker is away, a full buffer) in Spring's KafkaException, not Kafka's: both are an outage.
            throw unavailable(event, e);
        }
    }

    /**
     * Sends every event, then waits for all acknowledgements (one round of waiting, not one per event). A failure
     * of any is a 503: the provider retries the whole request and the deterministic event ids let the processor
     * drop what had landed.
     *
     * @throws ApiException 503 {@code SERVICE_UNAVAILABLE} when Kafka did not acknowledge every event in time
     */
    public void publishAll(List<RawEvent> events) {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<CompletableFuture<?>> sends = new ArrayList<>(events.size());
        RawEvent current = null;
        try {
            for (RawEvent event : events) {
                current = event;
                sends.add(template.send(Topics.RAW_EVENTS.name(), event.getTenantId().toString(), event));
            }
            for (int i = 0; i < sends.size(); i++) {
                current = events.get(i);
                sends.get(i).get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable(current, e);
        } catch (ExecutionException e) {
            throw unavailable(current, e.getCause() == null ? e : e.getCause());
        } catch (TimeoutException | KafkaException | org.springframework.kafka.KafkaException e) {
            // KafkaTemplate.send wraps what the producer throws at once (no metadata within max.block.ms while the
            // broker is away, a full buffer) in Spring's KafkaException, not Kafka's: both are an outage.
            throw unavailable(current, e);
        }
    }

    private static ApiException unavailable(RawEvent event, Throwable cause) {
        // the payload is never logged: it is customer data
        log.warn("Raw event {} of tenant {} ({} {}) not acknowledged by Kafka: {}", event.getEventId(),
                event.getTenantId(), event.getProvider(), event.getEventType(), cause.toString());
        return new ApiException(ProblemCode.SERVICE_UNAVAILABLE, "the event could not be stored; retry later",
                Map.of(), RETRY_AFTER_SECONDS);
    }
}
