package com.poblysh.connectors.query.pagination;

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
}
