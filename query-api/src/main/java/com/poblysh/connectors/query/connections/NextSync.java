package com.poblysh.connectors.query.connections;

import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import com.poblysh.connectors.common.provider.Provider;
import com.poblysh.connectors.common.provider.ProviderCatalogue;
import com.poblysh.connectors.common.provider.ProviderDescriptor;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Component;

/**
 * When a connection is synced next, the one definition {@code GET /connections} and the operator console share: its
 * earliest queued full or incremental job, else (a polled provider, as the scheduler sees it) its latest such job's
 * schedule plus the interval, not before now; no job yet means the scheduler queues one at its next tick (now).
 * Inactive connections are not synced (null). It is SQL, so a page of connections is read in one query: a lateral
 * join {@link #join} beside connection alias {@code c} and the column {@link #COLUMN}, with {@link #params} bound.
 * Served by {@code sync_jobs_tenant_connection}.
 */
@Component
@EnableConfigurationProperties(ConnectionHealthProperties.class)
public final class NextSync {

    /** The select expression of {@code next_sync_at}, of connection alias {@code c} and the lateral {@link #join}. */
    public static final String COLUMN = """
            CASE WHEN c.status <> 'active' THEN NULL
                 ELSE COALESCE(next_sync.queued_at, CASE WHEN c.provider = ANY (CAST(:nextSyncPolled AS text[]))
                      THEN GREATEST(next_sync.last_scheduled + make_interval(secs => :nextSyncIntervalSeconds), now())
                      END)
            END""";

    private final String[] polled;
    private final long intervalSeconds;

    @Autowired
    NextSync(ConnectionHealthProperties health) {
        this(health, ProviderCatalogue.all().stream().filter(ProviderDescriptor::polling)
                .map(ProviderDescriptor::provider).collect(Collectors.toSet()));
    }

    /** {@code polled}: the providers the sync engine schedules (the catalogue's {@code polling}). */
    NextSync(ConnectionHealthProperties health, Set<Provider> polled) {
        this.polled = polled.stream().map(Provider::id).sorted().toArray(String[]::new);
        this.intervalSeconds = health.syncInterval().toSeconds();
    }

    /**
     * The lateral join {@link #COLUMN} reads, for connection alias {@code c} of tenant {@code tenant} (an SQL
     * expression: a parameter such as {@code :tenant} or a column such as {@code c.tenant_id}).
     */
    public static String join(String tenant) {
        return """
                LEFT JOIN LATERAL (SELECT MIN(j.scheduled_at) FILTER (WHERE j.status = 'queued') AS queued_at,
                                          MAX(j.scheduled_at) AS last_scheduled
                                   FROM sync_jobs j
                                   WHERE j.tenant_id = %s AND j.connection_id = c.id
                                     AND j.job_type IN ('full', 'incremental')) next_sync ON true""".formatted(tenant);
    }

    /** Adds the parameters {@link #COLUMN} names to {@code params}. */
    public <M extends Map<String, Object>> M params(M params) {
        params.put("nextSyncPolled", polled);
        params.put("nextSyncIntervalSeconds", intervalSeconds);
        return params;
    }
}
