package com.poblysh.connectors.processor.normalize;

import java.util.Objects;
import java.util.UUID;

import com.poblysh.connectors.common.provider.Provider;
import com.poblysh.connectors.common.value.WrappedValue;

/**
 * What makes a stored signal unique within its tenant ({@code signals.dedupe_key}, unique per tenant), so that a
 * redelivery or replay of an event finds the signal it already stored. Written:
 *
 * <pre>
 * github:72d3162e-cc78-11e3-81ab-4c9367dc0958         &lt;provider id&gt;:&lt;delivery id&gt;
 * jira:event:0b3e8f4c-4a8e-5a6e-9d21-0f3c1f1f2a5b     &lt;provider id&gt;:event:&lt;event id&gt; (no delivery id)
 * github:72d3162e-cc78-11e3-81ab-4c9367dc0958#1       the second signal of that event (#2 the third, ...)
 * github:issue:1347@2026-01-02T03:04:05Z              &lt;provider id&gt;:&lt;object and version&gt; ({@link #ofObject})
 * </pre>
 *
 * The signal id is derived from the tenant and this key, so the format is part of every stored row: changing it
 * would store a replayed event a second time.
 */
public final class DedupeKey extends WrappedValue<String> {

    private DedupeKey(String value) {
        super(value);
    }

    /**
     * The key of the first signal of a delivery: {@code <provider>:<delivery id>}, or
     * {@code <provider>:event:<event id>} when {@code deliveryId} is null or blank.
     */
    public static DedupeKey of(Provider provider, String deliveryId, UUID eventId) {
        Objects.requireNonNull(provider, "provider");
        if (deliveryId == null || deliveryId.isBlank()) {
            return new DedupeKey(provider.id() + ":event:" + Objects.requireNonNull(eventId, "eventId"));
        }
        return new DedupeKey(provider.id() + ":" + deliveryId);
    }

    /**
     * The key of a signal that reports one version of one provider object, the same whichever path (webhook, poll,
     * replay) brought it: {@code <provider>:<identity>}, e.g. {@code github:issue:1347@2026-01-02T03:04:05Z}.
     */
    public static DedupeKey ofObject(Provider provider, String identity) {
        Objects.requireNonNull(provider, "provider");
        if (identity == null || identity.isBlank()) {
            throw new IllegalArgumentException("an object identity must not be blank");
        }
        return new DedupeKey(provider.id() + ":" + identity);
    }

    /**
     * A key as stored, e.g. {@code github:72d3162e-cc78-11e3-81ab-4c9367dc0958#1}.
     *
     * @throws IllegalArgumentException when it does not start with a provider id and a colon followed by something
     */
    public static DedupeKey parse(String text) {
        Objects.requireNonNull(text, "text");
        int colon = text.indexOf(':');
        if (colon < 0 || Provider.fromId(text.substring(0, colon)).isEmpty() || colon == text.length() - 1) {
            throw new IllegalArgumentException("not a dedupe key (<provider>:<delivery id>): " + text);
        }
        return new DedupeKey(text);
    }

    /**
     * The key of signal {@code index} of the same event: this key for the first (0), {@code <key>#<index>} for the
     * others. Normalizers are pure, so a signal keeps its position on every delivery.
     */
    public DedupeKey signal(int index) {
        if (index < 0) {
            throw new IllegalArgumentException("signal index must not be negative: " + index);
        }
        return index == 0 ? this : new DedupeKey(value() + "#" + index);
    }

    /** The key as stored, e.g. {@code github:72d3162e-cc78-11e3-81ab-4c9367dc0958}. */
    public String value() {
        return wrapped();
    }
}
