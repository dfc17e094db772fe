package com.poblysh.connectors.query.pagination;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One tenant's page of a table: {@code SELECT <columns> FROM <table> WHERE tenant_id = :tenant}, the filters that
 * were given, and the page's keyset ({@link PageRequest#appendKeyset}). Every list endpoint builds its query here, so
 * none can forget the tenant or the keyset.
 */
public final class ListQuery {

    private final StringBuilder sql = new StringBuilder();
    private final Map<String, Object> params = new LinkedHashMap<>();
    private final PageRequest page;

    private ListQuery(String columns, String table, PageRequest page) {
        this.page = page;
        sql.append("SELECT ").append(columns).append(" FROM ").append(table).append(" WHERE tenant_id = :tenant");
        params.put("tenant", page.tenant().value());
    }

    /** The page's tenant's rows of {@code table}. */
    public static ListQuery select(String columns, String table, PageRequest page) {
        return new ListQuery(columns, table, page);
    }

    /** Adds {@code AND <condition>} with {@code :name} bound to {@code value}, unless the filter was not given. */
    public ListQuery where(String condition, String name, Object value) {
        if (value != null) {
            sql.append(" AND ").append(condition);
            params.put(name, value);
        }
        return this;
    }

    /** Ends with the page's keyset on {@code (sortColumn, id)}, newest first. */
    public ListQuery orderedBy(String sortColumn) {
        page.appendKeyset(sql, params, sortColumn);
        return this;
    }

    /** Ends with the page's keyset in storage order, oldest stored first (see {@link PageRequest#appendStorageKeyset}). */
    public ListQuery inStorageOrder() {
        page.appendStorageKeyset(sql, params);
        return this;
    }

    public String sql() {
        return sql.toString();
    }

    public Map<String, Object> params() {
        return Collections.unmodifiableMap(params);
    }
}
