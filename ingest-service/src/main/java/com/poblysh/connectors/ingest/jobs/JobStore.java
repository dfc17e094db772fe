package com.poblysh.connectors.ingest.jobs;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import com.poblysh.connectors.common.provider.Provider;
import com.poblysh.connectors.common.tenancy.TenantId;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code sync_jobs} and their {@code operation_runs} as the engine sees them. Claims scan due jobs across tenants
 * ({@code sync_jobs_due}, {@code sync_jobs_lease_expiry}); every later write names the tenant, the job and the run
 * that holds it, so a worker whose lease another one took over changes nothing.
 */
final class JobStore {

    /** The kind of the {@code operation_runs} rows of sync runs. */
    static final String RUN_KIND = "sync";
    /** The kind of the {@code operation_runs} rows of {@code provision} runs. */
    static final String PROVISION_RUN_KIND = "webhook_provision";
    /** The kind of the {@code operation_runs} rows of {@code redeliver} runs. */
    static final String REDELIVER_RUN_KIND = "webhook_redeliver";
    /** Who the audit row of a connection the engine put in error names. */
    static final String AUDIT_ACTOR = "sync_engine";
    /** Candidates one claim looks at before giving up for this round (each skipped one is contended). */
    static final int CLAIM_TRIES = 3;
    private static final UUID NO_JOB = new UUID(0, 0);

    /**
     * How a run ends: what becomes of the job, of its run row and of the connection's health.
     *
     * @param scheduledAt     when a job that goes back to the queue runs again (null: it does not)
     * @param retryAfter      what {@code sync_jobs.retry_after} shows: the time a failure or the provider asked for
     * @param connectionError whether a failed job also puts its connection in status {@code error}
     */
    record Ending(String jobStatus, Instant scheduledAt, Instant retryAfter, boolean attemptGivenBack,
            Map<String, Object> error, String runStatus, String outcome, boolean connectionError) {

        Ending(String jobStatus, Instant scheduledAt, Instant retryAfter, boolean attemptGivenBack,
                Map<String, Object> error, String runStatus, String outcome) {
            this(jobStatus, scheduledAt, retryAfter, attemptGivenBack, error, runStatus, outcome, false);
        }

        static Ending succeeded() {
            return new Ending("succeeded", null, null, false, null, "succeeded", "succeeded");
        }

        /**
         * Handed back with more to read (page budget or shutdown), behind the jobs already due: not a failed
         * attempt.
         */
        static Ending yielded(Instant now) {
            return new Ending("queued", now, null, true, null, "succeeded", "yielded");
        }

        static Ending rateLimited(Instant retryAt, Map<String, Object> error) {
            return new Ending("queued", retryAt, retryAt, true, error, "failed", "rate_limited");
        }

        static Ending retry(Instant at, Map<String, Object> error) {
            return new Ending("queued", at, at, false, error, "failed", "retry");
        }

        static Ending failed(Map<String, Object> error) {
            return new Ending("failed", null, null, false, error, "failed", "failed");
        }

        /** Failed, and the connection with it: its status becomes {@code error} (e.g. its token is refused). */
        static Ending connectionFailed(Map<String, Object> error) {
            return new Ending("failed", null, null, false, error, "failed", "failed", true);
        }
    }

    private record Candidate(UUID id, TenantId tenant, UUID connectionId, UUID previousRun) {
    }

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final JsonMapper json;

    JobStore(JdbcClient jdbc, PlatformTransactionManager transactions, JsonMapper json) {
        this.jdbc = jdbc;
        this.tx = new TransactionTemplate(transactions);
        this.json = json;
    }

    /**
     * Claims one job of {@code providers} for {@code owner}: first a running job whose lease expired (its worker
     * died; the claim counts another attempt), else the earliest due queued one, skipping connections that already
     * have a running job. Opens the run's {@code operation_runs} row in the same transaction.
     */
    Optional<ClaimedJob> claim(String owner, Collection<Provider> providers, Instant now, Duration lease) {
        return claim(owner, kinds(providers, List.of()), now, lease);
    }

    /**
     * The {@code <provider>:<job_type>} pairs an engine runs: the poll types of the polled providers, the webhook
     * types of the provisioned ones.
     */
    static List<String> kinds(Collection<Provider> polled, Collection<Provider> provisioned) {
        List<String> kinds = new ArrayList<>();
        for (SyncType type : SyncType.values()) {
            for (Provider provider : type.polls() ? polled : provisioned) {
                kinds.add(provider.id() + ":" + type.wireName());
            }
        }
        return kinds;
    }

    /** {@link #claim(String, Collection, Instant, Duration)} of the jobs named by {@link #kinds}. */
    Optional<ClaimedJob> claim(String owner, List<String> kinds, Instant now, Duration lease) {
        if (kinds.isEmpty()) {
            return Optional.empty();
        }
        List<String> ids = kinds;
        return tx.execute(status -> {
            List<UUID> passed = new ArrayList<>(List.of(NO_JOB));
            for (int i = 0; i < CLAIM_TRIES; i++) {
                Optional<Candidate> candidate = expired(ids, passed, now).or(() -> due(ids, passed, now));
                if (candidate.isEmpty()) {
                    return Optional.<ClaimedJob>empty();
                }
                Candidate job = candidate.get();
                if (lockConnection(job) && !anotherRunning(job)) {
                    return Optional.of(take(job, owner, now, lease));
                }
                passed.add(job.id());
            }
            return Optional.<ClaimedJob>empty();
        });
    }

    private Optional<Candidate> expired(List<String> providers, List<UUID> passed, Instant now) {
        return jdbc.sql("""
                        SELECT id, tenant_id, connection_id, run_id FROM sync_jobs
                        WHERE status = 'running' AND (lease_expires_at IS NULL OR lease_expires_at < :now)
                          AND (provider || ':' || job_type) IN (:providers) AND id NOT IN (:passed)
                        ORDER BY lease_expires_at NULLS FIRST
                        LIMIT 1 FOR UPDATE SKIP LOCKED""")
                .param("now", at(now)).param("providers", providers).param("passed", passed)
                .query((rs, n) -> candidate(rs)).optional();
    }

    private Optional<Candidate> due(List<String> providers, List<UUID> passed, Instant now) {
        // One running job per connection (contract §9): a full and an incremental sync never read it at once.
        return jdbc.sql("""
                        SELECT j.id, j.tenant_id, j.connection_id, j.run_id FROM sync_jobs j
                        WHERE j.status = 'queued' AND j.scheduled_at <= :now
                          AND (j.provider || ':' || j.job_type) IN (:providers)
                          AND j.id NOT IN (:passed)
                          AND NOT EXISTS (SELECT 1 FROM sync_jobs r WHERE r.tenant_id = j.tenant_id
                                          AND r.connection_id = j.connection_id AND r.status = 'running')
                        ORDER BY j.scheduled_at, j.priority DESC
                        LIMIT 1 FOR UPDATE OF j SKIP LOCKED""")
                .param("now", at(now)).param("providers", providers).param("passed", passed)
                .query((rs, n) -> candidate(rs)).optional();
    }

    private static Candidate candidate(ResultSet rs) throws SQLException {
        return new Candidate(rs.getObject("id", UUID.class), TenantId.of(rs.getObject("tenant_id", UUID.class)),
                rs.getObject("connection_id", UUID.class), rs.getObject("run_id", UUID.class));
    }

    /**
     * Two workers claiming two jobs of one connection at once both saw no running job; the one that gets this
     * lock first claims, the other sees its running job below (or skips while the first has not committed).
     */
    private boolean lockConnection(Candidate job) {
        return Boolean.TRUE.equals(jdbc.sql("SELECT pg_try_advisory_xact_lock(hashtextextended(:lock, 0))")
                .param("lock", "sync_jobs:" + job.connectionId()).query(Boolean.class).single());
    }

    private boolean anotherRunning(Candidate job) {
        return Boolean.TRUE.equals(jdbc.sql("""
                        SELECT EXISTS (SELECT 1 FROM sync_jobs WHERE tenant_id = :tenant
                                       AND connection_id = :connection AND status = 'running' AND id <> :id)""")
                .param("tenant", job.tenant().value()).param("connection", job.connectionId()).param("id", job.id())
                .query(Boolean.class).single());
    }

    private ClaimedJob take(Candidate job, String owner, Instant now, Duration lease) {
        UUID run = UUID.randomUUID();
        ClaimedJob claimed = jdbc.sql("""
                        UPDATE sync_jobs j SET status = 'running', attempts = j.attempts + 1, lease_owner = :owner,
                            lease_expires_at = :until, run_id = :run, started_at = COALESCE(j.started_at, :now),
                            finished_at = NULL, retry_after = NULL
                        FROM connections c
                        WHERE j.id = :id AND c.tenant_id = j.tenant_id AND c.id = j.connection_id
                        RETURNING j.provider, j.job_type, j.attempts, j.cursor::text AS cursor, c.status""")
                .param("owner", owner).param("until", at(now.plus(lease))).param("run", run)
                .param("now", at(now)).param("id", job.id())
                .query((rs, n) -> new ClaimedJob(job.id(), run, job.tenant(),
                        Provider.fromId(rs.getString("provider")).orElseThrow(), job.connectionId(),
                        SyncType.fromWireName(rs.getString("job_type")).orElseThrow(), rs.getInt("attempts"),
                        cursor(rs.getString("cursor")), "active".equals(rs.getString("status"))))
                .single();
        if (job.previousRun() != null) {
            // the previous holder died without finishing its run
            jdbc.sql("""
                            UPDATE operation_runs SET status = 'failed', finished_at = :now,
                                error = CAST(:error AS jsonb)
                            WHERE id = :run AND status = 'running'""")
                    .param("now", at(now)).param("run", job.previousRun())
                    .param("error", json.writeValueAsString(error("lease_expired",
                            "the worker stopped renewing its lease; run " + run + " took the job over", now)))
                    .update();
        }
        jdbc.sql("""
                        INSERT INTO operation_runs (id, tenant_id, kind, status, target_id, progress, started_by,
                                                    created_at, started_at)
                        VALUES (:id, :tenant, :kind, 'running', :target, CAST(:progress AS jsonb), :owner, :now, :now)
                        """)
                .param("id", run).param("tenant", job.tenant().value()).param("kind", runKind(claimed.type()))
                .param("target", job.id().toString()).param("progress", progress(claimed, 0, 0, null))
                .param("owner", owner).param("now", at(now))
                .update();
        return claimed;
    }

    static String runKind(SyncType type) {
        return switch (type) {
            case FULL, INCREMENTAL -> RUN_KIND;
            case PROVISION -> PROVISION_RUN_KIND;
            case REDELIVER -> REDELIVER_RUN_KIND;
        };
    }

    /**
     * Extends the lease while the claim still holds the job.
     *
     * @return the connection's status, or empty when another claim took the job over (or it was finished)
     */
    Optional<String> extendLease(ClaimedJob job, Instant until) {
        return jdbc.sql("""
                        UPDATE sync_jobs j SET lease_expires_at = :until FROM connections c
                        WHERE j.tenant_id = :tenant AND j.id = :id AND j.run_id = :run AND j.status = 'running'
                          AND c.tenant_id = j.tenant_id AND c.id = j.connection_id
                        RETURNING c.status""")
                .param("until", at(until)).param("tenant", job.tenant().value()).param("id", job.id())
                .param("run", job.runId())
                .query(String.class).optional();
    }

    /** Stores the cursor after a page's events were acknowledged; false when the claim no longer holds the job. */
    boolean advance(ClaimedJob job, JsonNode cursor, int items, int pages, long runItems, Instant leaseUntil) {
        return Boolean.TRUE.equals(tx.execute(status -> {
            int updated = jdbc.sql("""
                            UPDATE sync_jobs SET cursor = CAST(:cursor AS jsonb), items = items + :items,
                                lease_expires_at = :until
                            WHERE tenant_id = :tenant AND id = :id AND run_id = :run AND status = 'running'""")
                    .param("cursor", cursor == null ? null : json.writeValueAsString(cursor))
                    .param("items", items).param("until", at(leaseUntil))
                    .param("tenant", job.tenant().value()).param("id", job.id()).param("run", job.runId())
                    .update();
            if (updated == 1) {
                updateRunProgress(job, pages, runItems, null);
            }
            return updated == 1;
        }));
    }

    /** Ends the run and, while the claim still holds it, the job; false when it no longer did. */
    boolean finish(ClaimedJob job, Ending ending, int pages, long runItems, Instant now) {
        return finish(job, ending, pages, runItems, now, null);
    }

    /** {@link #finish(ClaimedJob, Ending, int, long, Instant)} with what a webhook run did in its run's progress. */
    boolean finish(ClaimedJob job, Ending ending, int pages, long runItems, Instant now,
            List<Map<String, Object>> actions) {
        return Boolean.TRUE.equals(tx.execute(status -> {
            String error = ending.error() == null ? null : json.writeValueAsString(ending.error());
            boolean terminal = !"queued".equals(ending.jobStatus());
            int updated = jdbc.sql("""
                            UPDATE sync_jobs SET status = :status,
                                scheduled_at = COALESCE(CAST(:scheduledAt AS timestamptz), scheduled_at),
                                retry_after = CAST(:retryAfter AS timestamptz),
                                attempts = attempts - :givenBack,
                                finished_at = CAST(:finishedAt AS timestamptz),
                                error = CAST(:error AS jsonb),
                                lease_owner = NULL, lease_expires_at = NULL
                            WHERE tenant_id = :tenant AND id = :id AND run_id = :run AND status = 'running'""")
                    .param("status", ending.jobStatus())
                    .param("scheduledAt", ending.scheduledAt() == null ? null : at(ending.scheduledAt()))
                    .param("retryAfter", ending.retryAfter() == null ? null : at(ending.retryAfter()))
                    .param("givenBack", ending.attemptGivenBack() ? 1 : 0)
                    .param("finishedAt", terminal ? at(now) : null)
                    .param("error", error)
                    .param("tenant", job.tenant().value()).param("id", job.id()).param("run", job.runId())
                    .update();
            if (updated == 1) {
                finishRun(job, ending.runStatus(), ending.outcome(), error, pages, runItems, now, actions);
                if ("succeeded".equals(ending.jobStatus())) {
                    queueRequestedAgain(job, now);
                }
                if (job.type().polls()) {
                    recordHealth(job, ending, error, now);
                } else {
                    recordWebhookHealth(job, ending, error);
                }
            } else {
                abandon(job, pages, runItems, now);
            }
            return updated == 1;
        }));
    }

    /**
     * Queues the job once more, due now, when it was asked for again while it ran ({@code requested_again_at}, see
     * {@code ConnectionOperations#queueIncrementalSync}): what asked may have changed after the run read past it. A
     * {@code full} sync is followed by an {@code incremental} one, which starts where the full one ended.
     */
    private void queueRequestedAgain(ClaimedJob job, Instant now) {
        jdbc.sql("""
                        INSERT INTO sync_jobs (id, tenant_id, provider, connection_id, job_type, status, scheduled_at)
                        SELECT :next, j.tenant_id, j.provider, j.connection_id,
                               CASE WHEN j.job_type = 'full' THEN 'incremental' ELSE j.job_type END, 'queued', :now
                        FROM sync_jobs j
                        JOIN connections c ON c.tenant_id = j.tenant_id AND c.id = j.connection_id
                        WHERE j.tenant_id = :tenant AND j.id = :id AND j.requested_again_at IS NOT NULL
                          AND c.status = 'active'
                        ON CONFLICT (tenant_id, connection_id, job_type) WHERE status IN ('queued', 'running')
                        DO NOTHING""")
                .param("next", UUID.randomUUID()).param("now", at(now))
                .param("tenant", job.tenant().value()).param("id", job.id())
                .update();
    }

    /**
     * What {@code GET /connections} shows of the connection: a succeeded sync sets {@code last_synced_at} and clears
     * {@code last_error}; a job that failed for good sets {@code last_error} (and status {@code error} when the ending
     * says so, with an audit row). Retries, rate limits and hand-backs leave both alone. Only an active connection is
     * written: a revoked one stays as revoked, and an errored one keeps the reason it went into error.
     */
    private void recordHealth(ClaimedJob job, Ending ending, String error, Instant now) {
        if ("succeeded".equals(ending.jobStatus())) {
            jdbc.sql("""
                            UPDATE connections SET last_synced_at = :now, last_error = NULL
                            WHERE tenant_id = :tenant AND id = :connection AND status = 'active'""")
                    .param("now", at(now)).param("tenant", job.tenant().value())
                    .param("connection", job.connectionId())
                    .update();
        } else if ("failed".equals(ending.jobStatus()) && error != null) {
            int broken = jdbc.sql("""
                            UPDATE connections SET last_error = CAST(:error AS jsonb),
                                status = CASE WHEN :broken THEN 'error' ELSE status END,
                                updated_at = CASE WHEN :broken THEN now() ELSE updated_at END
                            WHERE tenant_id = :tenant AND id = :connection AND status = 'active'""")
                    .param("error", error).param("broken", ending.connectionError())
                    .param("tenant", job.tenant().value()).param("connection", job.connectionId())
                    .update();
            if (broken == 1 && ending.connectionError()) {
                jdbc.sql("""
                                INSERT INTO audit_log (tenant_id, actor, action, target_type, target_id, details)
                                VALUES (:tenant, :actor, 'connection.error', 'connection', :target,
                                        jsonb_build_object('provider', CAST(:provider AS text),
                                                           'reason', CAST(:reason AS text),
                                                           'job_id', CAST(:job AS text), 'previous_status', 'active'))""")
                        .param("tenant", job.tenant().value()).param("actor", AUDIT_ACTOR)
                        .param("target", job.connectionId().toString()).param("provider", job.provider().id())
                        .param("reason", String.valueOf(ending.error().get("code"))).param("job", job.id().toString())
                        .update();
            }
        }
    }

    /**
     * What a webhook job tells about its connection: a failure (also one retried later) sets {@code last_error},
     * marked with its {@code job_type}, and never the status; a success clears only such an error, so a sync's error
     * stays until a sync succeeds.
     */
    private void recordWebhookHealth(ClaimedJob job, Ending ending, String error) {
        if ("succeeded".equals(ending.jobStatus())) {
            jdbc.sql("""
                            UPDATE connections SET last_error = NULL
                            WHERE tenant_id = :tenant AND id = :connection AND status = 'active'
                              AND last_error ->> 'job_type' = :type""")
                    .param("tenant", job.tenant().value()).param("connection", job.connectionId())
                    .param("type", job.type().wireName())
                    .update();
        } else if (error != null && !"succeeded".equals(ending.runStatus())) {
            jdbc.sql("""
                            UPDATE connections SET last_error = CAST(:error AS jsonb)
                                || jsonb_build_object('job_type', CAST(:type AS text))
                            WHERE tenant_id = :tenant AND id = :connection AND status = 'active'""")
                    .param("error", error).param("type", job.type().wireName())
                    .param("tenant", job.tenant().value()).param("connection", job.connectionId())
                    .update();
        }
    }

    /**
     * Ends a run that lost its job to another claim, without touching the job; the error the taking claim wrote
     * ({@code lease_expired}) is kept.
     */
    void abandon(ClaimedJob job, int pages, long runItems, Instant now) {
        finishRun(job, "failed", "lease_lost", json.writeValueAsString(error("lease_lost",
                "another worker took the job over after this run's lease expired", now)), pages, runItems, now,
                null);
    }

    private void finishRun(ClaimedJob job, String status, String outcome, String error, int pages, long items,
            Instant now, List<Map<String, Object>> actions) {
        jdbc.sql("""
                        UPDATE operation_runs SET status = :status, progress = CAST(:progress AS jsonb),
                            error = COALESCE(error, CAST(:error AS jsonb)), finished_at = :now
                        WHERE id = :run AND tenant_id = :tenant""")
                .param("status", status).param("progress", progress(job, pages, items, outcome, actions))
                .param("error", error).param("now", at(now))
                .param("run", job.runId()).param("tenant", job.tenant().value())
                .update();
    }

    private void updateRunProgress(ClaimedJob job, int pages, long items, String outcome) {
        jdbc.sql("UPDATE operation_runs SET progress = CAST(:progress AS jsonb) WHERE id = :run AND tenant_id = :tenant")
                .param("progress", progress(job, pages, items, outcome))
                .param("run", job.runId()).param("tenant", job.tenant().value())
                .update();
    }

    /**
     * The final cursor of the connection's latest succeeded sync, where an incremental sync starts; null when none
     * stored one ({@code sync_jobs_tenant_connection}).
     */
    JsonNode lastCursor(TenantId tenant, UUID connectionId) {
        return jdbc.sql("""
                        SELECT cursor::text FROM sync_jobs
                        WHERE tenant_id = :tenant AND connection_id = :connection AND status = 'succeeded'
                          AND job_type IN ('full', 'incremental') AND cursor IS NOT NULL
                        ORDER BY scheduled_at DESC, id DESC LIMIT 1""")
                .param("tenant", tenant.value()).param("connection", connectionId)
                .query(String.class).optional().map(this::cursor).orElse(null);
    }

    private String progress(ClaimedJob job, int pages, long items, String outcome) {
        return progress(job, pages, items, outcome, null);
    }

    private String progress(ClaimedJob job, int pages, long items, String outcome,
            List<Map<String, Object>> actions) {
        Map<String, Object> progress = new LinkedHashMap<>();
        progress.put("job_id", job.id());
        progress.put("connection_id", job.connectionId());
        progress.put("provider", job.provider().id());
        progress.put("job_type", job.type().wireName());
        progress.put("attempt", job.attempt());
        progress.put("pages", pages);
        progress.put("items", items);
        if (outcome != null) {
            progress.put("outcome", outcome);
        }
        if (actions != null) {
            progress.put("actions", actions);
        }
        return json.writeValueAsString(progress);
    }

    private JsonNode cursor(String text) {
        return text == null ? null : json.readTree(text);
    }

    /** The error object of a job or run: {@code {code, message, at}}. */
    static Map<String, Object> error(String code, String message, Instant at) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("code", code);
        error.put("message", message == null ? code : truncate(message));
        error.put("at", at.toString());
        return error;
    }

    /** Provider messages can be long (an HTML error page); the first part says what went wrong. */
    private static String truncate(String message) {
        return message.length() <= 500 ? message : message.substring(0, 500) + "…";
    }

    static OffsetDateTime at(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
