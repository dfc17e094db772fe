package com.poblysh.connectors.query.jobs;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import com.poblysh.connectors.common.provider.Provider;
import com.poblysh.connectors.common.provider.ProviderCatalogue;
import com.poblysh.connectors.common.tenancy.TenantId;
import com.poblysh.connectors.common.web.ApiException;
import com.poblysh.connectors.common.web.ProblemCode;
import com.poblysh.connectors.query.audit.AuditLog;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * {@code POST /connections/{id}/sync}: queues a job for an active connection of the tenant. Idempotent per
 * connection and job type: while a job of that type is queued or running, the request answers that job instead
 * of queuing a second one. Every request is audited, whether it queued a job or found one.
 */
@Service
public class SyncRequests {

    /** The job answered and whether this request created it. */
    record Outcome(JobView job, boolean created) {
    }

    /**
     * A sync the operator console asked for.
     *
     * @param jobId   the queued or running job of the connection and type
     * @param jobType its {@code sync_jobs.job_type}
     * @param created whether this request queued it (false: one was already queued or running)
     */
    public record Queued(UUID jobId, String jobType, boolean created) {
    }

    private final JobRepository jobs;
    private final AuditLog audit;

    SyncRequests(JobRepository jobs, AuditLog audit) {
        this.jobs = jobs;
        this.audit = audit;
    }

    /**
     * {@code request} for the operator console: an {@code incremental} sync, which continues from the connection's
     * last cursor (from the start when it has none). Joins the caller's transaction.
     */
    @Transactional
    public Queued requestIncremental(TenantId tenant, UUID connectionId, String actor) {
        Outcome outcome = request(tenant, connectionId, JobType.INCREMENTAL, actor);
        return new Queued(outcome.job().id(), outcome.job().jobType(), outcome.created());
    }

    @Transactional
    Outcome request(TenantId tenant, UUID connectionId, JobType type, String actor) {
        JobRepository.ConnectionState connection = jobs.lockConnection(tenant, connectionId)
                .orElseThrow(() -> ApiException.notFound("connection"));
        if (!"active".equals(connection.status())) {
            throw new ApiException(ProblemCode.CONFLICT, "connection is " + connection.status()
                    + "; only active connections sync (reconnect it first)",
                    Map.of("status", connection.status()), null);
        }
        if (!ProviderCatalogue.of(connection.provider()).polling()) {
            // nothing would ever run the job: the engine claims only the jobs of the providers it polls
            throw new ApiException(ProblemCode.CONFLICT, connection.provider().id()
                    + " is not polled (its events arrive by webhook only), so there is nothing to sync",
                    Map.of("provider", connection.provider().id()), null);
        }
        Outcome outcome = queue(tenant, connectionId, connection.provider(), type);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("job_id", outcome.job().id().toString());
        details.put("job_type", type.wireName());
        details.put("created", outcome.created());
        audit.record(tenant, actor, "connection.sync_requested", "connection", connectionId.toString(), details);
        return outcome;
    }

    private Outcome queue(TenantId tenant, UUID connectionId, Provider provider, JobType type) {
        // the active job may finish between the refused insert and the read; then the next insert succeeds
        for (int attempt = 0; attempt < 3; attempt++) {
            Optional<JobView> created = jobs.enqueue(tenant, connectionId, provider, type);
            if (created.isPresent()) {
                return new Outcome(created.get(), true);
            }
            Optional<JobView> active = jobs.findActive(tenant, connectionId, type);
            if (active.isPresent()) {
                return new Outcome(active.get(), false);
            }
        }
        throw new ApiException(ProblemCode.CONFLICT, "another sync of this connection is changing state; retry",
                Map.of("connection_id", connectionId.toString()), 1L);
    }
}
