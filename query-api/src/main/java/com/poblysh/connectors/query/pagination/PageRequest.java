package com.poblysh.connectors.query.pagination;

import java.time.ZoneOffset;
import java.util.Map;

import com.poblysh.connectors.common.tenancy.TenantId;

/**
 * One validated page request of a keyset-paginated list.
 *
 * @param tenant the authenticated tenant
 * @param scope  the list and its filters
 * @param limit  rows to serve, 1..100
 * @param after  continue strictly after this position; null on the first page
 */
public record PageRequest(TenantId tenant, CursorScope scope, int limit, Cursor after) {

    /** Rows to fetch: one more than served, so the query itself tells whether a next page exists. */
    public int fetchSize() {
        return limit + 1;
    }

    public boolean isFirstPage() {
        return after == null;
    }

    /**
     * Ends the list query in {@code sql} the way every list ends: strictly after the cursor's position (not on the
     * first page), in {@code sortColumn DESC, id DESC} order, {@link #fetchSize()} rows; binds {@code cursorAt},
     * {@code cursorId} and {@code fetch} in {@code params}. {@code sortColumn} must be a fixed column name, never
     * client input: it is part of the SQL text.
     */
    public void appendKeyset(StringBuilder sql, Map<String, Object> params, String sortColumn) {
        if (!isFirstPage()) {
            sql.append(" AND (").append(sortColumn).append(", id) < (:cursorAt, :cursorId)");
            params.put("cursorAt", after.at().atOffset(ZoneOffset.UTC));
            params.put("cursorId", after.id());
        }
        sql.append(" ORDER BY ").append(sortColumn).append(" DESC, id DESC LIMIT :fetch");
        params.put("fetch", fetchSize());
    }

    /**
     * Ends a list in storage order: strictly after the cursor's position, oldest stored first, and only rows whose
     * transaction is older than every transaction still running ({@code pg_snapshot_xmin}), so a row committed late
     * by a slow writer is never passed over by a reader that already saw a younger one. Binds {@code cursorPosition},
     * {@code cursorId} and {@code fetch}.
     */
    public void appendStorageKeyset(StringBuilder sql, Map<String, Object> params) {
        sql.append(" AND stored_xid < pg_snapshot_xmin(pg_current_snapshot())");
        if (!isFirstPage()) {
            sql.append(" AND (stored_xid, id) > (CAST(CAST(:cursorPosition AS text) AS xid8), :cursorId)");
            params.put("cursorPosition", after.position());
            params.put("cursorId", after.id());
        }
        sql.append(" ORDER BY stored_xid, id LIMIT :fetch");
        params.put("fetch", fetchSize());
    }
}
