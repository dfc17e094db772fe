package com.poblysh.connectors.query.signals;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import com.poblysh.connectors.common.tenancy.TenantId;
import com.poblysh.connectors.query.pagination.ListQuery;
import com.poblysh.connectors.query.pagination.PageRequest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Reads signals, always within one tenant ({@code WHERE tenant_id = :tenant}). Lists use keyset order
 * {@code occurred_at DESC, id DESC}, which the primary key and the per-filter indexes of V1 serve, or storage order
 * {@code stored_xid, id} (V10's index); only fixed SQL fragments are appended, every value is a bind parameter.
 */
@Repository
class SignalRepository {

    private static final String COLUMNS =
            "id, provider, connection_id, kind, occurred_at, received_at, actor, title, url";

    private final JdbcClient jdbc;

    SignalRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** A list query: SQL with named parameters, as executed (and as the index-usage test explains it). */
    /** Up to {@link PageRequest#fetchSize()} signals of the page's tenant matching {@code filter}, in list order. */
    List<SignalView> find(SignalFilter filter, PageRequest page, boolean withPayload) {
        ListQuery query = listQuery(filter, page, withPayload);
        return jdbc.sql(query.sql()).params(query.params()).query((rs, n) -> map(rs, withPayload)).list();
    }

    /**
     * Up to {@link PageRequest#fetchSize()} signals of the page's tenant matching {@code filter}, oldest stored
     * first, each with its storage position ({@code stored_xid}).
     */
    List<StoredSignal> findStored(SignalFilter filter, PageRequest page, boolean withPayload) {
        ListQuery query = filtered(ListQuery.select(COLUMNS + ", CAST(CAST(stored_xid AS text) AS bigint) AS position"
                + payloadColumn(withPayload), "signals", page), filter).inStorageOrder();
        return jdbc.sql(query.sql()).params(query.params())
                .query((rs, n) -> new StoredSignal(map(rs, withPayload), rs.getLong("position"))).list();
    }

    static ListQuery listQuery(SignalFilter filter, PageRequest page, boolean withPayload) {
        return filtered(ListQuery.select(COLUMNS + payloadColumn(withPayload), "signals", page), filter)
                .orderedBy("occurred_at");
    }

    private static String payloadColumn(boolean withPayload) {
        return withPayload ? ", payload::text AS payload" : ", NULL AS payload";
    }

    private static ListQuery filtered(ListQuery query, SignalFilter filter) {
        return query.where("provider = :provider", "provider", filter.provider() == null ? null : filter.provider().id())
                .where("connection_id = :connection", "connection", filter.connectionId())
                .where("kind = :kind", "kind", filter.kind() == null ? null : filter.kind().wireName())
                .where("occurred_at >= :after", "after", utc(filter.occurredAfter()))
                .where("occurred_at <= :before", "before", utc(filter.occurredBefore()));
    }

    /** The tenant's signal with {@code id}, with its payload; empty when absent or another tenant's. */
    Optional<SignalView> find(TenantId tenant, UUID id) {
        return jdbc.sql("SELECT " + COLUMNS + ", payload::text AS payload FROM signals"
                        + " WHERE tenant_id = :tenant AND id = :id")
                .param("tenant", tenant.value())
                .param("id", id)
                .query((rs, n) -> map(rs, true))
                .optional();
    }

    private static SignalView map(ResultSet rs, boolean withPayload) throws SQLException {
        String payload = rs.getString("payload");
        return new SignalView(
                rs.getObject("id", UUID.class),
                rs.getString("provider"),
                rs.getObject("connection_id", UUID.class),
                rs.getString("kind"),
                rs.getObject("occurred_at", OffsetDateTime.class).toInstant(),
                rs.getObject("received_at", OffsetDateTime.class).toInstant(),
                rs.getString("actor"),
                rs.getString("title"),
                rs.getString("url"),
                withPayload ? (payload == null ? SignalView.NO_PAYLOAD : payload) : null);
    }

    private static OffsetDateTime utc(Instant at) {
        return at == null ? null : at.atOffset(ZoneOffset.UTC);
    }
}
