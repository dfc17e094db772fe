package com.poblysh.connectors.processor;

import java.util.Locale;

import com.poblysh.connectors.common.provider.Provider;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;

/**
 * Counts processed raw events as {@code poblysh.processor.events{provider, outcome}}, and those among them stored
 * with NUL characters replaced as {@code poblysh.processor.events.sanitized{provider}}.
 */
@Component
class ProcessingMetrics {

    /** What became of a raw event. */
    enum Outcome {
        /** Normalized into at least one signal, now in Postgres (or already there: a redelivery). */
        STORED,
        /** Carries no activity (GitHub ping, unmapped action): skipped on purpose. */
        IGNORED,
        /** Its provider has no normalizer yet: skipped, a replay can pick it up later. */
        UNSUPPORTED,
        /** Poison: cannot be decoded or validated; sent to the dead-letter topic. */
        INVALID;

        String tag() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    static final String NAME = "poblysh.processor.events";
    static final String SANITIZED = NAME + ".sanitized";
    /** Provider tag of records too broken to name a known provider; keeps the tag's cardinality bounded. */
    static final String UNKNOWN_PROVIDER = "unknown";

    private final MeterRegistry registry;

    ProcessingMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void count(Provider provider, Outcome outcome) {
        count(provider.id(), outcome);
    }

    /**
     * One more record refused before it was decoded into a {@link DecodedEvent}: whatever provider it names is not
     * trusted as a tag, so it counts under {@link #UNKNOWN_PROVIDER}.
     */
    void countInvalidUndecoded() {
        count(UNKNOWN_PROVIDER, Outcome.INVALID);
    }

    private void count(String provider, Outcome outcome) {
        Counter.builder(NAME)
                .description("Raw events processed, by provider and outcome")
                .tag("provider", provider)
                .tag("outcome", outcome.tag())
                .register(registry)
                .increment();
    }

    /** One more stored event whose text had NUL characters, replaced so PostgreSQL would take it. */
    void countSanitized(Provider provider) {
        Counter.builder(SANITIZED)
                .description("Raw events stored with NUL characters replaced by U+FFFD, by provider")
                .tag("provider", provider.id())
                .register(registry)
                .increment();
    }
}
