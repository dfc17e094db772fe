package com.poblysh.connectors.bench;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.UUID;

import com.poblysh.connectors.bench.github.GithubEvent;
import com.poblysh.connectors.common.tenancy.EventIds;
import com.poblysh.connectors.common.tenancy.TenantId;
import org.postgresql.PGConnection;

/**
 * The plain-JDBC baselines of the processor: the very rows the processor writes for a set of generated events,
 * written straight to {@code signals} either as the processor's own statement in a JDBC batch
 * ({@code reWriteBatchedInserts}, {@code ON CONFLICT DO NOTHING}) or with {@code COPY ... FROM STDIN}.
 */
final class JdbcSignalWriter {

    /** The processor's statement (signal-processor SignalStore). */
    static final String INSERT = """
            INSERT INTO signals (id, tenant_id, provider, connection_id, kind, occurred_at, received_at, actor, title,
                                 url, payload, source_event_id, dedupe_key)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?)
            ON CONFLICT DO NOTHING""";
    static final String COPY = "COPY signals (id, tenant_id, provider, connection_id, kind, occurred_at, received_at, "
            + "actor, title, url, payload, source_event_id, dedupe_key) FROM STDIN";

    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ISO_OFFSET_DATE_TIME.withZone(ZoneOffset.UTC);

    /** One signal row as the processor computes it. */
    record SignalRow(UUID id, UUID tenantId, String kind, Instant occurredAt, Instant receivedAt, String actor,
            String title, String url, String payload, UUID sourceEventId, String dedupeKey) {

        static SignalRow of(UUID tenant, GithubEvent event, Instant receivedAt) {
            String dedupeKey = event.dedupeKey();
            return new SignalRow(EventIds.signalId(TenantId.of(tenant), dedupeKey), tenant, event.kind(),
                    event.occurredAt(), receivedAt, event.actor(), event.title(), event.url(),
                    new String(event.body(), StandardCharsets.UTF_8), EventIds.eventId("github", event.deliveryId()),
                    dedupeKey);
        }
    }

    private JdbcSignalWriter() {
    }

    /** The processor's statement as one JDBC batch, committed once. */
    static void insert(Connection c, List<SignalRow> rows) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(INSERT)) {
            for (SignalRow row : rows) {
                ps.setObject(1, row.id());
                ps.setObject(2, row.tenantId());
                ps.setString(3, "github");
                ps.setObject(4, null, Types.OTHER);
                ps.setString(5, row.kind());
                ps.setObject(6, row.occurredAt().atOffset(ZoneOffset.UTC));
                ps.setObject(7, row.receivedAt().atOffset(ZoneOffset.UTC));
                ps.setString(8, row.actor());
                ps.setString(9, row.title());
                ps.setString(10, row.url());
                ps.setString(11, row.payload());
                ps.setObject(12, row.sourceEventId());
                ps.setString(13, row.dedupeKey());
                ps.addBatch();
            }
            ps.executeBatch();
        }
        c.commit();
    }

    /** COPY text of {@code rows}, prepared before the clock starts. */
    static byte[] copyText(List<SignalRow> rows) {
        StringBuilder s = new StringBuilder(rows.size() * 6_000);
        for (SignalRow row : rows) {
            s.append(row.id()).append('\t').append(row.tenantId()).append("\tgithub\t\\N\t").append(row.kind())
                    .append('\t').append(TIMESTAMP.format(row.occurredAt())).append('\t')
                    .append(TIMESTAMP.format(row.receivedAt())).append('\t');
            escape(s, row.actor()).append('\t');
            escape(s, row.title()).append('\t');
            escape(s, row.url()).append('\t');
            escape(s, row.payload()).append('\t').append(row.sourceEventId()).append('\t');
            escape(s, row.dedupeKey()).append('\n');
        }
        return s.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** One COPY of prepared text, committed once. */
    static void copy(Connection c, byte[] text) throws SQLException {
        try {
            c.unwrap(PGConnection.class).getCopyAPI().copyIn(COPY, new ByteArrayInputStream(text));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        c.commit();
    }

    private static StringBuilder escape(StringBuilder s, String value) {
        if (value == null) {
            return s.append("\\N");
        }
        for (int i = 0; i < value.length(); i++) {
            char ch = value.charAt(i);
            switch (ch) {
                case '\\' -> s.append("\\\\");
                case '\t' -> s.append("\\t");
                case '\n' -> s.append("\\n");
                case '\r' -> s.append("\\r");
                default -> s.append(ch);
            }
        }
        return s;
    }
}
