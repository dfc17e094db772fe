package com.poblysh.connectors.query.pagination;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import com.poblysh.connectors.common.tenancy.TenantId;
import org.junit.jupiter.api.Test;

class PageRequestTests {

    private static final String SELECT = "SELECT id FROM sync_jobs WHERE tenant_id = :tenant";

    private final TenantId tenant = TenantId.of(UUID.randomUUID());
    private final CursorScope scope = CursorScope.of("jobs", Map.of());

    @Test
    void theFirstPageIsOnlyOrderedAndLimited() {
        StringBuilder sql = new StringBuilder(SELECT);
        Map<String, Object> params = new LinkedHashMap<>();

        new PageRequest(tenant, scope, 20, null).appendKeyset(sql, params, "scheduled_at");

        assertThat(sql).hasToString(SELECT + " ORDER BY scheduled_at DESC, id DESC LIMIT :fetch");
        assertThat(params).containsExactly(Map.entry("fetch", 21));
    }

    @Test
    void aLaterPageContinuesStrictlyAfterTheCursorsPosition() {
        Instant at = Instant.parse("2025-03-04T05:06:07.123456Z");
        UUID id = UUID.randomUUID();
        StringBuilder sql = new StringBuilder(SELECT);
        Map<String, Object> params = new LinkedHashMap<>();

        new PageRequest(tenant, scope, 20, Cursor.of(tenant, scope, at, id)).appendKeyset(sql, params, "created_at");

        assertThat(sql).hasToString(SELECT + " AND (created_at, id) < (:cursorAt, :cursorId)"
                + " ORDER BY created_at DESC, id DESC LIMIT :fetch");
        assertThat(params).containsExactly(Map.entry("cursorAt", at.atOffset(ZoneOffset.UTC)),
                Map.entry("cursorId", id), Map.entry("fetch", 21));
    }
}
