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
 */
@Repository
class SignalStore {

    private static final String INSERT = """
            INSERT INTO signals (id, tenant_id, provider, connection_id, kind, occurred_at, received_at, actor, title,
                                 url, payload, source_event_id, dedupe_key)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?)
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
        transaction.executeWithoutResult(status -> jdbc.batchUpdate(INSERT, rows, CHUNK, SignalStore::bind));
    }

    private static void bind(PreparedStatement ps, SignalRow row) throws SQLException {
        ps.setObject(1, row.id());
        ps.setObject(2, row.tenantId());
        ps.setString(3, row.provider());
        ps.setObject(4, row.connectionId(), Types.OTHER);
        ps.setString(5, row.kind());
        ps.setObject(6, utc(row.occurredAt()));
        ps.setObject(7, utc(row.receivedAt()));
        ps.setString(8, row.actor());
        ps.setString(9, row.title());
        ps.setString(10, row.url());
        ps.setString(11, row.payload());
        ps.setObject(12, row.sourceEventId());
        ps.setString(13, row.dedupeKey());
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
