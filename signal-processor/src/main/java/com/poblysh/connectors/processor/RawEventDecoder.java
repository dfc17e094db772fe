package com.poblysh.connectors.processor;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.poblysh.connectors.common.provider.Provider;
import com.poblysh.connectors.common.tenancy.EventIds;
import com.poblysh.connectors.common.tenancy.TenantId;
import com.poblysh.connectors.processor.ProcessingMetrics.Outcome;
import com.poblysh.connectors.processor.enrich.Enrichers;
import com.poblysh.connectors.processor.normalize.DedupeKey;
import com.poblysh.connectors.processor.normalize.NormalizedSignal;
import com.poblysh.connectors.processor.normalize.Normalizer;
import com.poblysh.connectors.processor.normalize.Normalizers;
import com.poblysh.connectors.schemas.SerdeConfig;
import com.poblysh.connectors.schemas.Topics;
import com.poblysh.connectors.schemas.avro.RawEvent;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns one consumed record into the signal rows it yields. Pure apart from the (cached) schema lookup and the
 * enrichment of providers that need it (which never fails a record and never changes a signal's id), so a redelivery
 * or replay computes the same rows; any exception belongs to this record alone. NUL characters, which PostgreSQL
 * cannot store, are replaced in every text column here (see {@link PostgresText}), not in each normalizer.
 */
@Component
class RawEventDecoder {

    /** How far after its receipt an event may say it happened: clocks drift, but not by hours. */
    static final Duration MAX_AHEAD = Duration.ofMinutes(5);

    private static final Logger log = LoggerFactory.getLogger(RawEventDecoder.class);

    // Trailing tokens would let "{} garbage" pass as an empty object.
    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private final Deserializer<RawEvent> avro;
    private final Normalizers normalizers;
    private final Enrichers enrichers;

    @Autowired
    RawEventDecoder(SerdeConfig serdes, Normalizers normalizers, Enrichers enrichers) {
        this(Topics.RAW_EVENTS.valueDeserializer(serdes), normalizers, enrichers);
    }

    RawEventDecoder(Deserializer<RawEvent> avro, Normalizers normalizers, Enrichers enrichers) {
        this.avro = avro;
        this.normalizers = normalizers;
        this.enrichers = enrichers;
    }

    /** The raw event a record carries. */
    RawEvent read(ConsumerRecord<String, byte[]> record) {
        RawEvent event = avro.deserialize(record.topic(), record.value());
        if (event == null) {
            throw new NonRetryableEventException("record has no value");
        }
        return event;
    }

    /** The signal rows of the raw event of record {@code index} of its batch. */
    DecodedEvent decode(int index, RawEvent event) {
        Provider provider = Provider.fromId(event.getProvider()).orElseThrow(
                () -> new NonRetryableEventException("unknown provider '" + event.getProvider() + "'"));
        Optional<Normalizer> normalizer = normalizers.forProvider(provider);
        if (normalizer.isEmpty()) {
            return DecodedEvent.withoutRows(index, provider, Outcome.UNSUPPORTED);
        }
        byte[] payload = bytes(event.getPayload());
        JsonNode parsed = parse(payload);
        // Enrichment (Graph) may add what the provider left out; the stored payload is then the completed one.
        JsonNode json = enrichers.enrich(provider, event, parsed);
        List<NormalizedSignal> signals = normalizer.get().normalize(event, json);
        if (signals.isEmpty()) {
            // Not an error: providers send more than we map (pings, labels, joins). Counted as "ignored".
            log.debug("Raw event {} ({} {}) maps to no signal kind; skipped", event.getEventId(), provider,
                    event.getEventType());
            return DecodedEvent.withoutRows(index, provider, Outcome.IGNORED);
        }
        // Every text column of the rows passes here, whatever normalizer or enricher produced it.
        PostgresText text = new PostgresText();
        String payloadText = text.json(json == parsed ? new String(payload, StandardCharsets.UTF_8)
                : JSON.writeValueAsString(json));
        // Only the delivery id can hold a NUL: provider ids and event ids never do.
        DedupeKey baseKey = DedupeKey.of(provider, text.text(event.getDeliveryId()), event.getEventId());
        TenantId tenant = TenantId.of(event.getTenantId());
        List<SignalRow> rows = new ArrayList<>(signals.size());
        for (int i = 0; i < signals.size(); i++) {
            // A second signal of the same event needs its own key; the position is stable as normalizers are pure.
            NormalizedSignal signal = signals.get(i);
            // An object-and-version key is shared by every path that brings the change (webhook, poll, replay).
            DedupeKey key = signal.identity() != null ? DedupeKey.ofObject(provider, text.text(signal.identity()))
                    : baseKey.signal(i);
            rows.add(new SignalRow(EventIds.signalId(tenant, key.value()), tenant.value(), provider,
                    event.getConnectionId(), signal.kind().wireName(), bounded(signal.occurredAt(), event.getReceivedAt()),
                    event.getReceivedAt(),
                    text.text(signal.actor()), text.text(signal.title()), text.text(signal.url()), payloadText,
                    event.getEventId(), key, normalizer.get().version()));
        }
        return new DecodedEvent(index, provider, Outcome.STORED, rows, text.replacedAny());
    }

    /**
     * The provider's time unless it lies more than {@link #MAX_AHEAD} after the receipt: some times are set by users
     * (a committer's clock dates a commit 2030), and such a signal would top every list for years and fill the
     * default partition. The receipt time is what a replay sees again; the provider's value stays in the payload.
     */
    static Instant bounded(Instant occurredAt, Instant receivedAt) {
        return occurredAt.isAfter(receivedAt.plus(MAX_AHEAD)) ? receivedAt : occurredAt;
    }

    private static JsonNode parse(byte[] payload) {
        JsonNode json;
        try {
            json = JSON.readTree(payload);
        } catch (JacksonException e) {
            throw new NonRetryableEventException("payload is not valid JSON: " + e.getOriginalMessage(), e);
        }
        if (json == null || !json.isObject()) {
            throw new NonRetryableEventException("payload is not a JSON object");
        }
        return json;
    }

    private static byte[] bytes(ByteBuffer buffer) {
        ByteBuffer view = buffer.duplicate();
        byte[] bytes = new byte[view.remaining()];
        view.get(bytes);
        return bytes;
    }
}
