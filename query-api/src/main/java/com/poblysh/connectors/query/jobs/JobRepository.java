package com.poblysh.connectors.query.jobs;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import com.poblysh.connectors.common.provider.Provider;
import com.poblysh.connectors.common.tenancy.TenantId;
import com.poblysh.connectors.query.pagination.ListQuery;
import com.poblysh.connectors.query.pagination.PageRequest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Reads and queues sync jobs, always within one tenant. Lists use keyset order {@code scheduled_at DESC, id DESC}
 * ({@code sync_jobs_tenant_list}, {@code _status}, {@code _connection}).
 */
@Repository
class JobRepository {

    private static final String COLUMNS = "id, provider, connection_id, job_type, status, attempts, items, scheduled_at, "
            + "started_at, finished_at, error::text AS error";

    /** A connection as far as queuing a sync needs it. */
    record ConnectionState(Provider provider, String status) {
    }

    private final JdbcClient jdbc;

    JobRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Up to {@link PageRequest#fetchSize()} jobs of the page's tenant matching {@code filter}. */
    List<JobView> find(JobFilter filter, PageRequest page) {
        ListQuery query = ListQuery.select(COLUMNS, "sync_jobs", page)
                .where("status = :status", "status", filter.status() == null ? null : filter.status().wireName())
                .where("provider = :provider", "provider", filter.provider() == null ? null : filter.provider().id())
                .where("connection_id = :connection", "connection", filter.connectionId())
                .where("job_type = :jobType", "jobType", filter.jobType() == null ? null : filter.jobType().wireName())
                .orderedBy("scheduled_at");
        return jdbc.sql(query.sql()).params(query.params()).query((rs, n) -> map(rs)).list();
    }

    /** The tenant's job {@code id}; empty when absent or another tenant's. */
    Optional<JobView> find(TenantId tenant, UUID id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM sync_jobs WHERE tenant_id = :tenant AND id = :id")
                .param("tenant", tenant.value())
                .param("id", id)
                .query((rs, n) -> map(rs))
                .optional();
    }

    /** The tenant's connection, share-locked until the transaction ends so it cannot be revoked meanwhile. */
    Optional<ConnectionState> lockConnection(TenantId tenant, UUID connectionId) {
        return jdbc.sql("SELECT provider, status FROM connections WHERE tenant_id = :tenant AND id = :id FOR SHARE")
                .param("tenant", tenant.value())
                .param("id", connectionId)
                .query((rs, n) -> new ConnectionState(provider(rs), rs.getString("status")))
                .optional();
    }

    /**
     * Queues a job unless one of this type is already queued or running for the connection (the partial unique
     * index {@code sync_jobs_one_active} decides, also between concurrent requests); empty in that case.
     */
    Optional<JobView> enqueue(TenantId tenant, UUID connectionId, Provider provider, JobType type) {
        return jdbc.sql("""
                        INSERT INTO sync_jobs (id, tenant_id, provider, connection_id, job_type, status, scheduled_at)
                        VALUES (:id, :tenant, :provider, :connection, :jobType, 'queued', now())
                        ON CONFLICT (tenant_id, connection_id, job_type) WHERE status IN ('queued', 'running')
                        DO NOTHING
                        RETURNING """ + " " + COLUMNS)
                .param("id", UUID.randomUUID())
                .param("tenant", tenant.value())
                .param("provider", provider.id())
                .param("connection", connectionId)
                .param("jobType", type.wireName())
                .query((rs, n) -> map(rs))
                .optional();
    }

    /** The queued or running job of this type for the connection, if any. */
    Optional<JobView> findActive(TenantId tenant, UUID connectionId, JobType type) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM sync_jobs WHERE tenant_id = :tenant"
                        + " AND connection_id = :connection AND job_type = :jobType"
                        + " AND status IN ('queued', 'running')")
                .param("tenant", tenant.value())
                .param("connection", connectionId)
                .param("jobType", type.wireName())
                .query((rs, n) -> map(rs))
                .optional();
    }

    /** The stored provider id as a {@link Provider}; only the service writes it, so an unknown one is a bug. */
    private static Provider provider(ResultSet rs) throws SQLException {
        String id = rs.getString("provider");
        return Provider.fromId(id).orElseThrow(() -> new IllegalStateException("stored provider " + id
                + " is unknown"));
    }

    private static JobView map(ResultSet rs) throws SQLException {
        OffsetDateTime started = rs.getObject("started_at", OffsetDateTime.class);
        OffsetDateTime finished = rs.getObject("finished_at", OffsetDateTime.class);
        return new JobView(
                rs.getObject("id", UUID.class),
                provider(rs),
                rs.getObject("connection_id", UUID.class),
                rs.getString("job_type"),
                rs.getString("status"),
                rs.getInt("attempts"),
                rs.getLong("items"),
                rs.getObject("scheduled_at", OffsetDateTime.class).toInstant(),
                started == null ? null : started.toInstant(),
                finished == null ? null : finished.toInstant(),
                rs.getString("error"));
    }
}
