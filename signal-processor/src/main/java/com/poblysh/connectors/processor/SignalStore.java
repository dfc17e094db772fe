package com.poblysh.connectors.processor;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Inserts signal rows idempotently: a row whose (tenant, dedupe key, occurred_at) exists is skipped, so
 * redeliveries and replays never duplicate. Rows go as one JDBC batch in one transaction (the driver rewrites it
 * into multi-row inserts with {@code reWriteBatchedInserts}).
 *
 * <p>A row without a stable time (a provider that sends no event time, see {@link SignalRow#stableTime()}) could
 * carry another {@code occurred_at} on a redelivery and so slip past that constraint; it is inserted only if no
 * signal with its id (derived from tenant and dedupe key) exists in any partition. The tenant's events are consumed
 * in order by one thread, so the check and the insert do not race.
 */
@Repository
class SignalStore {

    private static final String INSERT = """
            INSERT INTO signals (id, tenant_id, provider, connection_id, kind, occurred_at, received_at, actor, title,
                                 url, payload, source_event_id, dedupe_key)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?)
            ON CONFLICT DO NOTHING""";
    private static final String INSERT_UNLESS_ID_EXISTS = """
            INSERT INTO signals (id, tenant_id, provider, connection_id, kind, occurred_at, received_at, actor, title,
                                 url, payload, source_event_id, dedupe_key)
            SELECT ?::uuid, ?::uuid, ?, ?::uuid, ?, ?::timestamptz, ?::timestamptz, ?, ?, ?, ?::jsonb, ?::uuid, ?
            WHERE NOT EXISTS (SELECT 1 FROM signals WHERE tenant_id = ?::uuid AND id = ?::uuid)
            ON CONFLICT DO NOTHING""";
    private static final int CHUNK = 1000;

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;

    SignalStore(JdbcTemplate jdbc, TransactionTemplate transaction) {
        this.jdbc = jdbc;
        this.transaction = transaction;
    }

    /** Inserts all rows in one transaction: either every row is stored (or already was) or none is. */
    void insert(List<SignalRow> rows) {
        if (rows.isEmpty()) {
            return;
        }
        List<SignalRow> stable = rows.stream().filter(SignalRow::stableTime).toList();
        List<SignalRow> unstable = rows.stream().filter(row -> !row.stableTime()).toList();
        transaction.executeWithoutResult(status -> {
            if (!stable.isEmpty()) {
                jdbc.batchUpdate(INSERT, stable, CHUNK, SignalStore::bind);
            }
            if (!unstable.isEmpty()) {
                jdbc.batchUpdate(INSERT_UNLESS_ID_EXISTS, unstable, CHUNK, (ps, row) -> {
                    bind(ps, row);
                    ps.setObject(14, row.tenantId());
                    ps.setObject(15, row.id());
                });
            }
        });
    }

    private static void bind(PreparedStatement ps, SignalRow row) throws SQLException {
        ps.setObject(1, row.id());
        ps.setObject(2, row.tenantId());
        ps.setString(3, row.provider().id());
        ps.setObject(4, row.connectionId(), Types.OTHER);
        ps.setString(5, row.kind());
        ps.setObject(6, utc(row.occurredAt()));
        ps.setObject(7, utc(row.receivedAt()));
        ps.setString(8, row.actor());
        ps.setString(9, row.title());
        ps.setString(10, row.url());
        ps.setString(11, row.payload());
        ps.setObject(12, row.sourceEventId());
        ps.setString(13, row.dedupeKey().value());
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
