package com.poblysh.connectors.query.console;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import com.poblysh.connectors.common.provider.Provider;
import com.poblysh.connectors.common.tenancy.TenantId;
import com.poblysh.connectors.query.pagination.CursorScope;
import com.poblysh.connectors.query.web.FieldErrors;

/**
 * The filters of the console's list; null means "not filtered". {@code tenant} is already the effective one (the
 * query string's {@code tenant_id}, else the session's tenant context) and already known to be granted.
 */
record ConsoleFilter(TenantId tenant, Provider provider, String status) {

    static final List<String> STATUSES = List.of("active", "revoked", "error");

    static ConsoleFilter parse(TenantId tenant, String provider, String status, FieldErrors errors) {
        return new ConsoleFilter(tenant, errors.oneOf("provider", blankToNull(provider), Provider::fromId),
                errors.oneOf("status", blankToNull(status),
                        s -> STATUSES.contains(s) ? Optional.of(s) : Optional.empty()));
    }

    /** What a cursor is bound to: the console list, its filters and the operator it was issued to. */
    CursorScope scope(String operator) {
        Map<String, Object> filters = new HashMap<>();
        filters.put("operator", operator);
        filters.put("tenant_id", tenant == null ? null : tenant.value());
        filters.put("provider", provider == null ? null : provider.id());
        filters.put("status", status);
        return CursorScope.of("console/provider-connections", filters);
    }

    /**
     * The owner a console cursor names in its tenant slot: a list across tenants has no single tenant, so the
     * slot holds a name-based UUID of the operator, and another operator's cursor is refused like a foreign one.
     */
    static TenantId cursorOwner(String operator) {
        return TenantId.of(UUID.nameUUIDFromBytes(("console-operator:" + operator).getBytes(StandardCharsets.UTF_8)));
    }

    static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
