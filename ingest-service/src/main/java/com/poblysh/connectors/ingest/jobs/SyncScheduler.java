package com.poblysh.connectors.ingest.jobs;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import com.poblysh.connectors.common.provider.Provider;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Queues the syncs nobody asked for: a {@code full} job for an active connection of a polled provider that has had
 * no sync yet (just connected), and an {@code incremental} one, at a random delay up to the jitter, once its last
 * sync was scheduled an interval ago. Jobs queued by {@code POST /connections/{id}/sync} count as syncs.
 *
 * <p>Every instance ticks; a transaction-scoped advisory lock lets one at a time do the work, and the partial unique
 * index {@code sync_jobs_one_active} (ON CONFLICT DO NOTHING) keeps one queued or running job per connection and
 * type whatever races. Like the claim, this scans connections across tenants; each row it writes names its tenant.
 *
 * <p>For a provider with a {@link WebhookProvisioner} it also queues, due at once, a {@code provision} job for each
 * active connection that has had none within the provisioner's reconcile interval (so a just connected one gets its
 * hooks at the next tick), and a {@code redeliver} job for each that has a created hook and no redeliver job within
 * the redeliver interval (a provisioner without one gets none).
 */
final class SyncScheduler {

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final Collection<Provider> providers;
    private final Collection<WebhookProvisioner> provisioners;
    private final Duration interval;
    private final Duration jitter;
    private final SyncMetrics metrics;

    SyncScheduler(JdbcClient jdbc, PlatformTransactionManager transactions, Collection<Provider> providers,
            Collection<WebhookProvisioner> provisioners, SyncJobsProperties properties, SyncMetrics metrics) {
        this.jdbc = jdbc;
        this.tx = new TransactionTemplate(transactions);
        this.providers = List.copyOf(providers);
        this.provisioners = List.copyOf(provisioners);
        this.interval = properties.interval();
        this.jitter = properties.jitter();
        this.metrics = metrics;
    }

    /** Queues what is due at {@code now}; returns how many jobs it queued (0 also when another instance ticked). */
    int tick(Instant now) {
        if (providers.isEmpty() && provisioners.isEmpty()) {
            return 0;
        }
        List<String> queued = tx.execute(status -> {
            boolean mine = Boolean.TRUE.equals(jdbc.sql("SELECT pg_try_advisory_xact_lock(hashtextextended(:lock, 0))")
                    .param("lock", "sync_jobs:scheduler").query(Boolean.class).single());
            if (!mine) {
                return List.<String>of();
            }
            List<String> all = new ArrayList<>(providers.isEmpty() ? List.of() : polls(now));
            for (WebhookProvisioner provisioner : provisioners) {
                all.addAll(upkeep(provisioner.provider(), SyncType.PROVISION, provisioner.reconcileInterval(), now));
                provisioner.redeliverInterval().ifPresent(every ->
                        all.addAll(upkeep(provisioner.provider(), SyncType.REDELIVER, every, now)));
            }
            return all;
        });
        queued.forEach(metrics::scheduled);
        return queued.size();
    }

    private List<String> upkeep(Provider provider, SyncType type, Duration every, Instant now) {
        // a redeliver job only for a connection that has a hook to sweep
        String hooks = type == SyncType.REDELIVER ? """
                AND EXISTS (SELECT 1 FROM connection_webhooks w WHERE w.tenant_id = c.tenant_id
                            AND w.connection_id = c.id AND w.external_id IS NOT NULL)""" : "";
        return jdbc.sql("""
                        INSERT INTO sync_jobs (id, tenant_id, provider, connection_id, job_type, status, scheduled_at)
                        SELECT gen_random_uuid(), c.tenant_id, c.provider, c.id, :type, 'queued', :now
                        FROM connections c
                        WHERE c.status = 'active' AND c.provider = :provider
                          AND NOT EXISTS (SELECT 1 FROM sync_jobs j
                                          WHERE j.tenant_id = c.tenant_id AND j.connection_id = c.id
                                            AND j.job_type = :type
                                            AND (j.status IN ('queued', 'running') OR j.scheduled_at > :since))
                        """ + hooks + """

                        ON CONFLICT (tenant_id, connection_id, job_type) WHERE status IN ('queued', 'running')
                        DO NOTHING
                        RETURNING job_type""")
                .param("type", type.wireName()).param("now", JobStore.at(now))
                .param("provider", provider.id()).param("since", JobStore.at(now.minus(every)))
                .query(String.class).list();
    }

    /** The polls due: a {@code full} job for a connection never synced, else an {@code incremental} one. */
    private List<String> polls(Instant now) {
        return jdbc.sql("""
                        INSERT INTO sync_jobs (id, tenant_id, provider, connection_id, job_type, status,
                                               scheduled_at)
                        SELECT gen_random_uuid(), c.tenant_id, c.provider, c.id,
                               CASE WHEN c.synced THEN 'incremental' ELSE 'full' END, 'queued',
                               CASE WHEN c.synced
                                    THEN :now + random() * make_interval(secs => :jitterSeconds)
                                    ELSE :now END
                        FROM (SELECT c.tenant_id, c.provider, c.id,
                                     EXISTS (SELECT 1 FROM sync_jobs p
                                             WHERE p.tenant_id = c.tenant_id AND p.connection_id = c.id
                                               AND p.job_type IN ('full', 'incremental')) AS synced
                              FROM connections c
                              WHERE c.status = 'active' AND c.provider IN (:providers)
                                AND NOT EXISTS (SELECT 1 FROM sync_jobs j
                                                WHERE j.tenant_id = c.tenant_id AND j.connection_id = c.id
                                                  AND j.job_type IN ('full', 'incremental')
                                                  AND (j.status IN ('queued', 'running')
                                                       OR j.scheduled_at > :since))) c
                        ON CONFLICT (tenant_id, connection_id, job_type) WHERE status IN ('queued', 'running')
                        DO NOTHING
                        RETURNING job_type""")
                .param("now", JobStore.at(now))
                .param("jitterSeconds", jitter.toMillis() / 1000.0)
                .param("since", JobStore.at(now.minus(interval)))
                .param("providers", providers.stream().map(Provider::id).toList())
                .query(String.class).list();
    }
}
