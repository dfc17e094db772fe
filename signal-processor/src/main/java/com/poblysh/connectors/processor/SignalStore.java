package com.poblysh.connectors.processor;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Inserts signal rows idempotently: one signal per (tenant, dedupe key), whoever writes it and whatever
 * {@code occurred_at} it carries. Each row first claims its key in {@code signal_keys} (a plain table, so its
 * primary key spans every partition of {@code signals}); only rows whose claim succeeded are inserted, in the same
 * statement and transaction. A second writer of the same key (a rebalance, a replay in its own consumer group)
 * waits on the first one's claim and then finds the key taken, so neither a redelivery, a replay nor a poll that
 * reads the change again stores it twice.
 *
 * <p>Rows go as arrays, one statement per thousand rows; keys are claimed in key order, so two writers of
 * overlapping batches cannot deadlock.
 */
@Repository
class SignalStore {

    private static final String INSERT = """
            WITH input AS (
                SELECT * FROM unnest(?::uuid[], ?::uuid[], ?::text[], ?::uuid[], ?::text[], ?::timestamptz[],
                                     ?::timestamptz[], ?::text[], ?::text[], ?::text[], ?::jsonb[], ?::uuid[], ?::text[])
                    WITH ORDINALITY AS t(id, tenant_id, provider, connection_id, kind, occurred_at, received_at,
                                         actor, title, url, payload, source_event_id, dedupe_key, position)
            ), firsts AS (
                SELECT DISTINCT ON (tenant_id, dedupe_key) * FROM input ORDER BY tenant_id, dedupe_key, position
            ), claimed AS (
                INSERT INTO signal_keys (tenant_id, dedupe_key, signal_id, occurred_at)
                SELECT tenant_id, dedupe_key, id, occurred_at FROM firsts ORDER BY tenant_id, dedupe_key
                ON CONFLICT DO NOTHING
                RETURNING tenant_id, dedupe_key
            )
            INSERT INTO signals (id, tenant_id, provider, connection_id, kind, occurred_at, received_at, actor, title,
                                 url, payload, source_event_id, dedupe_key)
            SELECT f.id, f.tenant_id, f.provider, f.connection_id, f.kind, f.occurred_at, f.received_at, f.actor,
                   f.title, f.url, f.payload, f.source_event_id, f.dedupe_key
            FROM firsts f JOIN claimed c USING (tenant_id, dedupe_key)
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
        transaction.executeWithoutResult(status -> {
            for (int from = 0; from < rows.size(); from += CHUNK) {
                List<SignalRow> chunk = rows.subList(from, Math.min(rows.size(), from + CHUNK));
                jdbc.execute(INSERT, (PreparedStatement ps) -> {
                    bind(ps, chunk);
                    return ps.executeUpdate();
                });
            }
        });
    }

    private static void bind(PreparedStatement ps, List<SignalRow> rows) throws SQLException {
        Connection connection = ps.getConnection();
        int i = 1;
        ps.setArray(i++, array(connection, rows, SignalRow::id));
        ps.setArray(i++, array(connection, rows, SignalRow::tenantId));
        ps.setArray(i++, array(connection, rows, row -> row.provider().id()));
        ps.setArray(i++, array(connection, rows, SignalRow::connectionId));
        ps.setArray(i++, array(connection, rows, SignalRow::kind));
        ps.setArray(i++, array(connection, rows, SignalRow::occurredAt));
        ps.setArray(i++, array(connection, rows, SignalRow::receivedAt));
        ps.setArray(i++, array(connection, rows, SignalRow::actor));
        ps.setArray(i++, array(connection, rows, SignalRow::title));
        ps.setArray(i++, array(connection, rows, SignalRow::url));
        ps.setArray(i++, array(connection, rows, SignalRow::payload));
        ps.setArray(i++, array(connection, rows, SignalRow::sourceEventId));
        ps.setArray(i, array(connection, rows, row -> row.dedupeKey().value()));
    }

    /** A text array of one column; the statement casts it (ISO-8601 instants and canonical uuids parse as such). */
    private static Array array(Connection connection, List<SignalRow> rows, Function<SignalRow, Object> column)
            throws SQLException {
        String[] values = new String[rows.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = Objects.toString(column.apply(rows.get(i)), null);
        }
        return connection.createArrayOf("text", values);
    }
}
