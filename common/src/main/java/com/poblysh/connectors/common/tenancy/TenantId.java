package com.poblysh.connectors.common.tenancy;

import java.util.Objects;
import java.util.UUID;

import com.poblysh.connectors.common.value.WrappedValue;

/**
 * A tenant, as Core names it: a UUID in canonical text form, e.g. {@code 3f0c1d2e-5b6a-4c7d-8e9f-0a1b2c3d4e5f}.
 * Every connection, job, raw event and signal belongs to exactly one; it is also the Kafka record key. Its
 * {@link #toString()} is the canonical text form, as sent in {@code X-Tenant-Id} and used as the Kafka key.
 */
public final class TenantId extends WrappedValue<UUID> implements Comparable<TenantId> {

    private TenantId(UUID value) {
        super(Objects.requireNonNull(value, "tenant id"));
    }

    public static TenantId of(UUID value) {
        return new TenantId(value);
    }

    /**
     * Parses the canonical 8-4-4-4-12 hex form; anything else (including Java's lenient short forms such as
     * {@code 1-1-1-1-1}) is refused with {@link IllegalArgumentException}.
     */
    public static TenantId parse(String text) {
        return new TenantId(Uuids.parseCanonical(text, "tenant id"));
    }

    public UUID value() {
        return wrapped();
    }

    @Override
    public int compareTo(TenantId other) {
        return wrapped().compareTo(other.wrapped());
    }
}
