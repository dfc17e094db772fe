package com.poblysh.connectors.query.connections;

import java.util.HashMap;
import java.util.Map;

import com.poblysh.connectors.common.provider.Provider;
import com.poblysh.connectors.query.pagination.CursorScope;
import com.poblysh.connectors.query.web.FieldErrors;

/** The validated filters of {@code GET /connections}; null means "not filtered". */
record ConnectionFilter(Provider provider, ConnectionStatus status) {

    static ConnectionFilter parse(String provider, String status, FieldErrors errors) {
        return new ConnectionFilter(errors.oneOf("provider", provider, Provider::fromId),
                errors.oneOf("status", status, ConnectionStatus::fromWireName));
    }

    /** What a cursor is bound to. */
    CursorScope scope() {
        Map<String, Object> filters = new HashMap<>();
        filters.put("provider", provider == null ? null : provider.id());
        filters.put("status", status == null ? null : status.wireName());
        return CursorScope.of("connections", filters);
    }
}
