package com.poblysh.connectors.query.signals;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import com.poblysh.connectors.common.provider.Provider;
import com.poblysh.connectors.common.provider.SignalKind;
import com.poblysh.connectors.query.pagination.CursorScope;
import com.poblysh.connectors.query.web.FieldErrors;

/**
 * The validated filters of {@code GET /signals}; null means "not filtered". Time bounds are inclusive and
 * already rounded to the database's microseconds inward (lower bound up, upper bound down), so a bound with
 * nanoseconds neither admits nor drops a row it should not.
 */
record SignalFilter(Provider provider, UUID connectionId, SignalKind kind, Instant occurredAfter,
        Instant occurredBefore) {

    static SignalFilter parse(String provider, String connectionId, String kind, String occurredAfter,
            String occurredBefore, FieldErrors errors) {
        Provider parsedProvider = errors.oneOf("provider", provider, Provider::fromId);
        UUID parsedConnection = errors.uuid("connection_id", connectionId);
        SignalKind parsedKind = errors.oneOf("kind", kind, SignalKind::fromWireName);
        Instant after = errors.timestamp("occurred_after", occurredAfter);
        Instant before = errors.timestamp("occurred_before", occurredBefore);
        if (after != null && before != null && after.isAfter(before)) {
            errors.reject("occurred_after", "occurred_after must not be later than occurred_before");
        }
        return new SignalFilter(parsedProvider, parsedConnection, parsedKind, ceilToMicros(after),
                before == null ? null : before.truncatedTo(ChronoUnit.MICROS));
    }

    /** What a cursor is bound to: every filter that changes which rows are listed (not include_payload). */
    CursorScope scope() {
        return scope(SignalOrder.OCCURRED);
    }

    /** The scope of the list in {@code order}: a cursor of one order is refused by the other. */
    CursorScope scope(SignalOrder order) {
        Map<String, Object> filters = new HashMap<>();
        filters.put("provider", provider == null ? null : provider.id());
        filters.put("connection_id", connectionId);
        filters.put("kind", kind == null ? null : kind.wireName());
        filters.put("occurred_after", occurredAfter);
        filters.put("occurred_before", occurredBefore);
        return CursorScope.of(order == SignalOrder.STORED ? "signals-stored" : "signals", filters);
    }

    private static Instant ceilToMicros(Instant at) {
        if (at == null) {
            return null;
        }
        Instant floor = at.truncatedTo(ChronoUnit.MICROS);
        return floor.equals(at) ? at : floor.plus(1, ChronoUnit.MICROS);
    }
}
