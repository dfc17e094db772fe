package com.poblysh.connectors.processor.normalize;

import java.time.Instant;
import java.util.Objects;

import com.poblysh.connectors.common.provider.SignalKind;

/**
 * What a normalizer reads out of a provider payload; the pipeline adds ids, tenant and bookkeeping.
 *
 * @param kind       a kind from the registry
 * @param occurredAt when it happened at the provider (never the arrival time, so a replay computes the same value)
 * @param actor      provider login or name of who did it, if known
 * @param title      short human-readable summary, if any
 * @param url        link to the object at the provider, if any
 */
public record NormalizedSignal(SignalKind kind, Instant occurredAt, String actor, String title, String url) {

    public NormalizedSignal {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(occurredAt, "occurredAt");
    }
}
