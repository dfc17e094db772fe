package com.poblysh.connectors.query.operations;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The {@code operation_runs} rows of replays and redrives: this service queues them (status {@code queued}) and
 * asks them to stop; a signal-processor's run worker executes them and writes their progress.
 */
@Repository
class OperationRunRepository {

    static final String PROGRESS_NONE = """
            {"total": 0, "read": 0, "stored": 0, "updated": 0, "skipped": 0, "failed": 0, "checkpoint": {}, \
            "ends": {}}""";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final JdbcClient jdbc;

    OperationRunRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    OperationRunView queue(String kind, Map<String, Object> filters, String startedBy, Instant now) {
        UUID id = UUID.randomUUID();
        Object tenant = filters.get("tenant");
        jdbc.sql("""
                        INSERT INTO operation_runs (id, tenant_id, kind, status, target_id, progress, filters, started_by,
                                                    created_at, updated_at)
                        VALUES (:id, :tenant, :kind, 'queued', 'connectors.raw-events', CAST(:progress AS jsonb),
                                CAST(:filters AS jsonb), :by, :now, :now)""")
                .param("id", id)
                .param("tenant", tenant == null ? null : UUID.fromString((String) tenant))
                .param("kind", kind)
                .param("progress", PROGRESS_NONE)
                .param("filters", JSON.writeValueAsString(filters))
                .param("by", startedBy)
                .param("now", Timestamp.from(now))
                .update();
        return find(id).orElseThrow();
    }

    Optional<OperationRunView> find(UUID id) {
        return jdbc.sql("SELECT * FROM operation_runs WHERE id = ? AND kind IN ('replay', 'redrive')").param(id)
                .query(OperationRunRepository::view).optional();
    }

    /** Cancels a queued run now, asks a running one to stop; a finished run stays as it is. */
    Optional<OperationRunView> cancel(UUID id, Instant now) {
        jdbc.sql("""
                        UPDATE operation_runs SET cancel_requested = true, updated_at = :now,
                               status = CASE WHEN status = 'queued' THEN 'cancelled' ELSE status END,
                               finished_at = CASE WHEN status = 'queued' THEN :now ELSE finished_at END
                        WHERE id = :id AND kind IN ('replay', 'redrive') AND status IN ('queued', 'running')""")
                .param("id", id).param("now", Timestamp.from(now)).update();
        return find(id);
    }

    private static OperationRunView view(ResultSet rs, int row) throws SQLException {
        JsonNode progress = JSON.readTree(rs.getString("progress"));
        return new OperationRunView(rs.getObject("id", UUID.class), rs.getString("kind"), rs.getString("status"),
                rs.getString("filters"),
                new OperationRunView.Counts(progress.path("total").asLong(), progress.path("read").asLong(),
                        progress.path("stored").asLong(), progress.path("updated").asLong(),
                        progress.path("skipped").asLong(), progress.path("failed").asLong()),
                rs.getBoolean("cancel_requested"), rs.getString("started_by"), rs.getString("error"),
                instant(rs, "created_at"), instant(rs, "started_at"), instant(rs, "finished_at"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp timestamp = rs.getTimestamp(column);
        return timestamp == null ? null : timestamp.toInstant();
    }
}
