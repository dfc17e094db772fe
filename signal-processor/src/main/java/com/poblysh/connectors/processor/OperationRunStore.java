package com.poblysh.connectors.processor;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;

import com.poblysh.connectors.processor.operations.OperationRun;
import com.poblysh.connectors.processor.operations.Progress;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The {@code operation_runs} rows of replays and redrives. {@code progress} holds the counts and, for a replay, the
 * range it covers ({@code ends}) and where it is ({@code checkpoint}: the next offset of every partition), written in
 * the same transaction as the signals of the batch it follows, so a resumed run neither skips nor counts twice.
 */
@Repository
class OperationRunStore {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };

    private final JdbcClient jdbc;

    OperationRunStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Where a replay stands: counts plus per-partition next offset and end offset. */
    record State(Progress progress, TreeMap<Integer, Long> checkpoint, TreeMap<Integer, Long> ends) {

        static State fresh() {
            return new State(Progress.NONE, new TreeMap<>(), new TreeMap<>());
        }

        boolean started() {
            return !ends.isEmpty() || progress.total() > 0;
        }

        String json() {
            Map<String, Object> map = new LinkedHashMap<>();
            map.put("total", progress.total());
            map.put("read", progress.read());
            map.put("stored", progress.stored());
            map.put("updated", progress.updated());
            map.put("skipped", progress.skipped());
            map.put("failed", progress.failed());
            map.put("checkpoint", keyed(checkpoint));
            map.put("ends", keyed(ends));
            return JSON.writeValueAsString(map);
        }

        private static Map<String, Long> keyed(TreeMap<Integer, Long> offsets) {
            Map<String, Long> keyed = new LinkedHashMap<>();
            offsets.forEach((partition, offset) -> keyed.put(partition.toString(), offset));
            return keyed;
        }

        @SuppressWarnings("unchecked")
        static State parse(String json) {
            Map<String, Object> map = json == null ? Map.of() : JSON.readValue(json, MAP);
            Progress progress = new Progress(number(map, "total"), number(map, "read"), number(map, "stored"),
                    number(map, "updated"), number(map, "skipped"), number(map, "failed"));
            return new State(progress, offsets((Map<String, Object>) map.get("checkpoint")),
                    offsets((Map<String, Object>) map.get("ends")));
        }

        private static TreeMap<Integer, Long> offsets(Map<String, Object> map) {
            TreeMap<Integer, Long> offsets = new TreeMap<>();
            if (map != null) {
                map.forEach((partition, offset) -> offsets.put(Integer.valueOf(partition),
                        ((Number) offset).longValue()));
            }
            return offsets;
        }

        private static long number(Map<String, Object> map, String key) {
            return map.get(key) instanceof Number n ? n.longValue() : 0;
        }
    }

    /**
     * Records a run: {@code queued} for a run worker, or reserved for its caller (status running, never started:
     * no worker takes it, and only {@link #claim} starts it).
     */
    UUID insert(String kind, Map<String, Object> filters, String startedBy, boolean queued, Instant now) {
        UUID id = UUID.randomUUID();
        jdbc.sql("""
                        INSERT INTO operation_runs (id, tenant_id, kind, status, target_id, progress, filters, started_by,
                                                    created_at, updated_at)
                        VALUES (:id, :tenant, :kind, :status, :target, CAST(:progress AS jsonb),
                                CAST(:filters AS jsonb), :by, :now, :now)""")
                .param("id", id)
                .param("tenant", filters.get("tenant") == null ? null : UUID.fromString((String) filters.get("tenant")))
                .param("kind", kind)
                .param("status", queued ? "queued" : "running")
                .param("target", "connectors.raw-events")
                .param("progress", State.fresh().json())
                .param("filters", JSON.writeValueAsString(filters))
                .param("by", startedBy)
                .param("now", Timestamp.from(now))
                .update();
        return id;
    }

    Optional<OperationRun> find(UUID id) {
        return jdbc.sql("SELECT * FROM operation_runs WHERE id = ?").param(id).query(this::run).optional();
    }

    List<OperationRun> latest(String kind, int limit) {
        return jdbc.sql("""
                        SELECT * FROM operation_runs WHERE (CAST(:kind AS text) IS NULL OR kind = :kind)
                        AND kind IN ('replay', 'redrive')
                        ORDER BY created_at DESC, id DESC LIMIT :limit""")
                .param("kind", kind).param("limit", limit).query(this::run).list();
    }

    /**
     * Takes run {@code id} for this runner: a queued or reserved one, or a cancelled, failed or stale running one
     * (resume).
     *
     * @return its state, or empty when it cannot be taken
     */
    Optional<State> claim(UUID id, Instant now, Instant staleBefore) {
        return jdbc.sql("""
                        UPDATE operation_runs SET status = 'running', cancel_requested = false, error = NULL,
                               started_at = coalesce(started_at, :now), finished_at = NULL, updated_at = :now
                        WHERE id = :id AND kind IN ('replay', 'redrive')
                          AND (status IN ('queued', 'cancelled', 'failed')
                               OR (status = 'running' AND (started_at IS NULL OR updated_at < :stale)))
                        RETURNING progress::text""")
                .param("id", id).param("now", Timestamp.from(now)).param("stale", Timestamp.from(staleBefore))
                .query((rs, i) -> State.parse(rs.getString(1))).optional();
    }

    /** The oldest queued run of the operator endpoints, if any; the caller then {@link #claim}s it. */
    Optional<UUID> oldestQueued() {
        return jdbc.sql("""
                        SELECT id FROM operation_runs WHERE status = 'queued' AND kind IN ('replay', 'redrive')
                        ORDER BY created_at LIMIT 1""").query(UUID.class).optional();
    }

    /**
     * Saves where the run stands (call it in the transaction of the batch it follows).
     *
     * @return whether a cancel has been requested
     */
    boolean save(UUID id, State state, Instant now) {
        return jdbc.sql("""
                        UPDATE operation_runs SET progress = CAST(:progress AS jsonb), updated_at = :now
                        WHERE id = :id RETURNING cancel_requested""")
                .param("id", id).param("progress", state.json()).param("now", Timestamp.from(now))
                .query(Boolean.class).optional().orElse(false);
    }

    void finish(UUID id, String status, String error, Instant now) {
        jdbc.sql("""
                        UPDATE operation_runs SET status = :status, updated_at = :now, finished_at = :now,
                               error = CASE WHEN CAST(:error AS text) IS NULL THEN NULL
                                            ELSE jsonb_build_object('message', CAST(:error AS text)) END
                        WHERE id = :id""")
                .param("id", id).param("status", status).param("error", error).param("now", Timestamp.from(now))
                .update();
    }

    /** Cancels a queued run now and asks a running one to stop. */
    void requestCancel(UUID id, Instant now) {
        jdbc.sql("""
                        UPDATE operation_runs SET cancel_requested = true, updated_at = :now,
                               status = CASE WHEN status = 'queued' THEN 'cancelled' ELSE status END,
                               finished_at = CASE WHEN status = 'queued' THEN :now ELSE finished_at END
                        WHERE id = :id AND kind IN ('replay', 'redrive')""")
                .param("id", id).param("now", Timestamp.from(now)).update();
    }

    private OperationRun run(ResultSet rs, int row) throws SQLException {
        String error = rs.getString("error");
        return new OperationRun(rs.getObject("id", UUID.class), rs.getString("kind"), rs.getString("status"),
                JSON.readValue(rs.getString("filters"), MAP), State.parse(rs.getString("progress")).progress(),
                rs.getBoolean("cancel_requested"), rs.getString("started_by"),
                error == null ? null : String.valueOf(JSON.readValue(error, MAP).get("message")),
                instant(rs, "created_at"), instant(rs, "started_at"), instant(rs, "finished_at"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp timestamp = rs.getTimestamp(column);
        return timestamp == null ? null : timestamp.toInstant();
    }
}
