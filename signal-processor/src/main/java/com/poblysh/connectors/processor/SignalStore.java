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

    private static final String INPUT = """
            WITH input AS (
                SELECT * FROM unnest(?::uuid[], ?::uuid[], ?::text[], ?::uuid[], ?::text[], ?::timestamptz[],
                                     ?::timestamptz[], ?::text[], ?::text[], ?::text[], ?::jsonb[], ?::uuid[], ?::text[],
                                     ?::integer[])
                    WITH ORDINALITY AS t(id, tenant_id, provider, connection_id, kind, occurred_at, received_at,
                                         actor, title, url, payload, source_event_id, dedupe_key,
                                         normalization_version, position)
            ), firsts AS (
                SELECT DISTINCT ON (tenant_id, dedupe_key) * FROM input ORDER BY tenant_id, dedupe_key, position
            )""";
    private static final String INSERT = INPUT + """
            , claimed AS (
                INSERT INTO signal_keys (tenant_id, dedupe_key, signal_id, occurred_at)
                SELECT tenant_id, dedupe_key, id, occurred_at FROM firsts ORDER BY tenant_id, dedupe_key
                ON CONFLICT DO NOTHING
                RETURNING tenant_id, dedupe_key
            )
            INSERT INTO signals (id, tenant_id, provider, connection_id, kind, occurred_at, received_at, actor, title,
                                 url, payload, source_event_id, dedupe_key, normalization_version)
            SELECT f.id, f.tenant_id, f.provider, f.connection_id, f.kind, f.occurred_at, f.received_at, f.actor,
                   f.title, f.url, f.payload, f.source_event_id, f.dedupe_key, f.normalization_version
            FROM firsts f JOIN claimed c USING (tenant_id, dedupe_key)
            ON CONFLICT DO NOTHING""";
    /**
     * Brings the stored signal of each key (found through its claim, whatever id or time it was stored with) to the
     * replayed result: only when the replay's normalization is at least as new as the stored one, and then only when
     * it is newer or its result differs. The id, receipt time, source event and dedupe key stay; a connection the
     * replay does not know is kept. A signal whose time changes moves partition, and its claim follows it. The
     * storing transaction becomes the row's, so readers following storage order see the corrected signal again.
     */
    private static final String REBUILD = INPUT + """
            , locked AS (
                SELECT k.tenant_id, k.dedupe_key, k.signal_id, k.occurred_at AS stored_at
                FROM signal_keys k JOIN firsts f USING (tenant_id, dedupe_key)
                ORDER BY k.tenant_id, k.dedupe_key
                FOR UPDATE OF k
            ), changed AS (
                UPDATE signals s SET kind = f.kind, occurred_at = f.occurred_at, actor = f.actor, title = f.title,
                       url = f.url, payload = f.payload, connection_id = coalesce(f.connection_id, s.connection_id),
                       normalization_version = f.normalization_version, stored_xid = pg_current_xact_id()
                FROM firsts f JOIN locked k USING (tenant_id, dedupe_key)
                WHERE s.tenant_id = k.tenant_id AND s.occurred_at = k.stored_at AND s.id = k.signal_id
                  AND f.normalization_version >= s.normalization_version
                  AND (f.normalization_version > s.normalization_version
                       OR (s.kind, s.occurred_at, s.actor, s.title, s.url, s.payload)
                          IS DISTINCT FROM (f.kind, f.occurred_at, f.actor, f.title, f.url, f.payload))
                RETURNING s.tenant_id, s.dedupe_key, s.occurred_at
            ), moved AS (
                UPDATE signal_keys k SET occurred_at = c.occurred_at
                FROM changed c
                WHERE k.tenant_id = c.tenant_id AND k.dedupe_key = c.dedupe_key AND k.occurred_at <> c.occurred_at
            )
            SELECT count(*) FROM changed""";
    private static final int CHUNK = 1000;

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;

    SignalStore(JdbcTemplate jdbc, TransactionTemplate transaction) {
        this.jdbc = jdbc;
        this.transaction = transaction;
    }

    /** Inserts all rows in one transaction: either every row is stored (or already was) or none is. */
    void insert(List<SignalRow> rows) {
        write(rows, false);
    }

    /**
     * Inserts the rows whose key has no signal yet and, with {@code rebuild}, brings the existing signals of the
     * others to the rows' normalization (see {@link #REBUILD}); one transaction, joining the caller's if any.
     *
     * @return how many signals were inserted and how many updated in place
     */
    Written write(List<SignalRow> rows, boolean rebuild) {
        if (rows.isEmpty()) {
            return new Written(0, 0);
        }
        return transaction.execute(status -> {
            int inserted = 0;
            int updated = 0;
            for (int from = 0; from < rows.size(); from += CHUNK) {
                List<SignalRow> chunk = rows.subList(from, Math.min(rows.size(), from + CHUNK));
                if (rebuild) {
                    // Before the insert, so that a signal inserted now is not counted as updated too.
                    updated += jdbc.execute(REBUILD, (PreparedStatement ps) -> {
                        bind(ps, chunk);
                        try (var rs = ps.executeQuery()) {
                            rs.next();
                            return rs.getInt(1);
                        }
                    });
                }
                inserted += jdbc.execute(INSERT, (PreparedStatement ps) -> {
                    bind(ps, chunk);
                    return ps.executeUpdate();
                });
            }
            return new Written(inserted, updated);
        });
    }

    /** What one {@link #write} changed. */
    record Written(int inserted, int updated) {
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
        ps.setArray(i++, array(connection, rows, row -> row.dedupeKey().value()));
        ps.setArray(i, array(connection, rows, SignalRow::normalizationVersion));
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
