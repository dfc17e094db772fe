package com.poblysh.connectors.processor.normalize;

import java.time.Instant;
import java.util.Objects;

import com.poblysh.connectors.common.provider.SignalKind;

/**
 * What a normalizer reads out of a provider payload; the pipeline adds ids, tenant and bookkeeping.
 *
 * @param kind       a kind from the registry
 * @param occurredAt when it happened at the provider (never the arrival time, so a replay computes the same value),
 *                   except where the provider sends no event time at all (see {@code stableTime})
 * @param actor      provider login or name of who did it, if known
 * @param title      short human-readable summary, if any
 * @param url        link to the object at the provider, if any
 * @param stableTime whether every delivery of this event yields the same {@code occurredAt}. True for times read
 *                   from the payload. False when the provider gives no event time (Microsoft Graph notifications):
 *                   then {@code occurredAt} is the raw event's receipt time or a time read from enrichment, which a
 *                   provider retry may change. Storage does not depend on it (the store keeps one signal per dedupe
 *                   key whatever its time); the golden fixtures record it as part of each provider's mapping
 * @param identity   the provider object and its version this signal reports, e.g.
 *                   {@code issue:1347@2026-01-02T03:04:05Z}, the same whichever path (webhook, poll, replay) brought
 *                   it: the signal's dedupe key is then {@code <provider>:<identity>}, so the same change seen by a
 *                   webhook and by a poll is one signal. Null: the key is the delivery's (see {@link DedupeKey#of})
 */
public record NormalizedSignal(SignalKind kind, Instant occurredAt, String actor, String title, String url,
        boolean stableTime, String identity) {

    public NormalizedSignal {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(occurredAt, "occurredAt");
        if (identity != null && identity.isBlank()) {
            throw new IllegalArgumentException("identity must not be blank");
        }
    }

    /** A signal whose time comes from the payload, so every delivery computes the same one. */
    public NormalizedSignal(SignalKind kind, Instant occurredAt, String actor, String title, String url) {
        this(kind, occurredAt, actor, title, url, true, null);
    }

    /** A signal keyed by its delivery, with or without a stable time. */
    public NormalizedSignal(SignalKind kind, Instant occurredAt, String actor, String title, String url,
            boolean stableTime) {
        this(kind, occurredAt, actor, title, url, stableTime, null);
    }

    /** This signal keyed by the object and version it reports instead of by its delivery. */
    public NormalizedSignal withIdentity(String objectAndVersion) {
        return new NormalizedSignal(kind, occurredAt, actor, title, url, stableTime,
                Objects.requireNonNull(objectAndVersion, "objectAndVersion"));
    }
}
