package com.poblysh.connectors.ingest.connections;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;

import com.poblysh.connectors.common.crypto.SecretBinding;
import com.poblysh.connectors.common.crypto.SecretCipher;
import com.poblysh.connectors.common.identity.ExternalIdentity;
import com.poblysh.connectors.common.identity.IdentityKind;
import com.poblysh.connectors.common.provider.Provider;
import com.poblysh.connectors.common.tenancy.TenantId;
import com.poblysh.connectors.ingest.IngestProperties;
import com.poblysh.connectors.ingest.OverloadProperties;
import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.TransientDataAccessResourceException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Reads connections' webhook secrets and bindings from Postgres and keeps them for a short time
 * ({@code POBLYSH_INGEST_SECRET_CACHE_TTL}), so a burst of deliveries costs one query per tenant and provider, and a
 * flood of forged requests for a tenant without connections does not reach the database at all. A revoked
 * connection's secret and bindings stop working within that time.
 * <p>
 * What was found and what was not are kept apart, each bounded: a flood of random tenant ids fills only the
 * "nothing there" side ({@link OverloadProperties#maxUnknownTenants()}) and never evicts a genuine tenant's secrets.
 * A key this instance has not seen with connections is looked up by at most
 * {@link OverloadProperties#unknownTenantLookups()} requests at once (the others wait up to
 * {@link OverloadProperties#unknownTenantWait()}, then get 503), so such a flood cannot take the whole pool from the
 * tenants it knows. A known key whose time to live is over is read again on a background thread, and the request
 * waits for it at most {@link OverloadProperties#knownTenantWait()}: when the database is slow or away, what it held
 * is used (for at most {@link #MAX_STALE} past its time to live) and only one read per key is under way.
 */
@Component
class JdbcWebhookConnections implements WebhookConnections {

    private static final Logger log = LoggerFactory.getLogger(JdbcWebhookConnections.class);
    /** Bounds each cache of what was found: above it, expired entries are dropped, then all of them. */
    static final int MAX_ENTRIES = 10_000;
    /** How long past its time to live a known key's connections are used while they cannot be read again. */
    static final Duration MAX_STALE = Duration.ofMinutes(10);

    private final JdbcClient jdbc;
    private final SecretCipher cipher;
    private final Duration ttl;
    private final Clock clock;
    private final int maxUnknown;
    private final Semaphore unknownLookups;
    private final Duration unknownWait;
    private final Duration knownWait;
    private final Set<Object> rereading = ConcurrentHashMap.newKeySet();
    private final ExecutorService rereads;
    private final Map<TenantKey, Entry<List<WebhookConnection>>> byTenant = new ConcurrentHashMap<>();
    private final Map<TenantKey, Instant> tenantsWithout = new ConcurrentHashMap<>();
    private final Map<IdentityKey, Entry<List<TenantConnection>>> byIdentity = new ConcurrentHashMap<>();
    private final Map<IdentityKey, Instant> identitiesWithout = new ConcurrentHashMap<>();

    @Autowired
    JdbcWebhookConnections(JdbcClient jdbc, SecretCipher cipher, IngestProperties properties,
            OverloadProperties overload) {
        this(jdbc, cipher, properties.secretCacheTtl(), overload, Clock.systemUTC());
    }

    JdbcWebhookConnections(JdbcClient jdbc, SecretCipher cipher, Duration ttl, OverloadProperties overload,
            Clock clock) {
        this.jdbc = jdbc;
        this.cipher = cipher;
        this.ttl = ttl;
        this.clock = clock;
        this.maxUnknown = overload.maxUnknownTenants();
        this.unknownLookups = new Semaphore(overload.unknownTenantLookups());
        this.unknownWait = overload.unknownTenantWait();
        this.knownWait = overload.knownTenantWait();
        AtomicInteger threads = new AtomicInteger();
        this.rereads = new ThreadPoolExecutor(2, 2, 1, TimeUnit.MINUTES, new LinkedBlockingQueue<>(MAX_ENTRIES), r -> {
            Thread thread = new Thread(r, "webhook-connections-reread-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        ((ThreadPoolExecutor) rereads).allowCoreThreadTimeOut(true);
    }

    @PreDestroy
    void stop() {
        rereads.shutdownNow();
    }

    @Override
    public List<WebhookConnection> active(TenantId tenant, Provider provider) {
        return cached(byTenant, tenantsWithout, new TenantKey(tenant, provider), () -> load(tenant, provider));
    }

    @Override
    public List<TenantConnection> boundTo(Provider provider, Collection<ExternalIdentity> identities) {
        Set<ExternalIdentity> wanted = Set.copyOf(identities);
        return cached(byIdentity, identitiesWithout, new IdentityKey(provider, wanted),
                () -> loadBound(provider, wanted));
    }

    @Override
    public boolean exists(TenantId tenant, Provider provider, UUID connectionId) {
        return jdbc.sql("SELECT EXISTS (SELECT 1 FROM connections WHERE tenant_id = ? AND id = ? AND provider = ?)")
                .params(tenant.value(), connectionId, provider.id()).query(Boolean.class).single();
    }

    @Override
    public void forget(TenantId tenant, Provider provider) {
        TenantKey key = new TenantKey(tenant, provider);
        byTenant.remove(key);
        tenantsWithout.remove(key);
        byIdentity.keySet().removeIf(k -> k.provider() == provider);
        identitiesWithout.keySet().removeIf(k -> k.provider() == provider);
    }

    /**
     * The value of {@code key}: what was found ({@code found}) or that nothing was ({@code without}) while fresh,
     * else loaded. A key with nothing found before (or never seen) waits for one of the few unknown-key lookups.
     */
    private <K, V> List<V> cached(Map<K, Entry<List<V>>> found, Map<K, Instant> without, K key,
            Supplier<List<V>> loader) {
        Instant now = clock.instant();
        Entry<List<V>> entry = found.get(key);
        if (entry != null && now.isBefore(entry.expiresAt())) {
            return entry.value();
        }
        Instant nothingUntil = without.get(key);
        if (entry == null && nothingUntil != null && now.isBefore(nothingUntil)) {
            return List.of();
        }
        if (entry != null && now.isBefore(entry.expiresAt().plus(MAX_STALE))) {
            return reread(found, without, key, loader, entry);
        }
        List<V> value = entry != null ? loader.get() : loadUnknown(loader);
        store(found, without, key, value, now);
        return value;
    }

    private <K, V> void store(Map<K, Entry<List<V>>> found, Map<K, Instant> without, K key, List<V> value,
            Instant now) {
        if (value.isEmpty()) {
            found.remove(key);
            bounded(without, maxUnknown, now, t -> t);
            without.put(key, now.plus(ttl));
        } else {
            without.remove(key);
            bounded(found, MAX_ENTRIES, now, Entry::expiresAt);
            found.put(key, new Entry<>(value, now.plus(ttl)));
        }
    }

    /**
     * A known key's connections read again in the background, waited for at most {@code knownWait}; what was held
     * when the read is slow, fails for the database's sake, or is already under way for another request.
     */
    private <K, V> List<V> reread(Map<K, Entry<List<V>>> found, Map<K, Instant> without, K key,
            Supplier<List<V>> loader, Entry<List<V>> held) {
        if (!rereading.add(key)) {
            return held.value();
        }
        // what the read returns is as old as its start: a read held up by a lock must not count as fresh later
        Instant began = clock.instant();
        CompletableFuture<List<V>> read;
        try {
            read = CompletableFuture.supplyAsync(loader, rereads);
        } catch (RejectedExecutionException e) {
            rereading.remove(key);
            return held.value();
        }
        read.whenComplete((value, error) -> {
            if (error == null) {
                store(found, without, key, value, began);
            }
            rereading.remove(key);
        });
        try {
            return read.get(knownWait.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            return held.value();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return held.value();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof DataAccessException failure) {
                log.warn("Could not read the connections of {} again; using the ones read before: {}", key,
                        failure.getMostSpecificCause().toString());
                return held.value();
            }
            throw e.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(e);
        }
    }

    /** A lookup of a key not known to have connections, at most a few at once. */
    private <V> List<V> loadUnknown(Supplier<List<V>> loader) {
        boolean acquired;
        try {
            acquired = unknownLookups.tryAcquire(unknownWait.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            acquired = false;
        }
        if (!acquired) {
            throw new TransientDataAccessResourceException("too many lookups of unknown tenants at once");
        }
        try {
            return loader.get();
        } finally {
            unknownLookups.release();
        }
    }

    /** Makes room for one more entry: expired ones go first, then all of them (cheap, and never stale). */
    private static <K, T> void bounded(Map<K, T> cache, int max, Instant now, Function<T, Instant> expiresAt) {
        if (cache.size() >= max) {
            cache.values().removeIf(v -> !now.isBefore(expiresAt.apply(v)));
            if (cache.size() >= max) {
                cache.clear();
            }
        }
    }

    private List<WebhookConnection> load(TenantId tenant, Provider provider) {
        Map<UUID, Row> rows = new LinkedHashMap<>();
        jdbc.sql("""
                        SELECT c.id, c.webhook_secret_ciphertext, b.kind, b.value
                        FROM connections c
                        LEFT JOIN connection_bindings b ON b.tenant_id = c.tenant_id AND b.connection_id = c.id
                        WHERE c.tenant_id = ? AND c.provider = ? AND c.status = 'active'
                        ORDER BY c.created_at, c.id""")
                .params(tenant.value(), provider.id())
                .query(rs -> {
                    UUID id = rs.getObject("id", UUID.class);
                    byte[] ciphertext = rs.getBytes("webhook_secret_ciphertext");
                    Row row = rows.computeIfAbsent(id, k -> new Row(k, ciphertext, new LinkedHashSet<>()));
                    identity(provider, rs.getString("kind"), rs.getString("value")).ifPresent(row.bindings()::add);
                });
        Map<UUID, List<String>> hookSecrets = hookSecrets(tenant, provider);
        List<WebhookConnection> connections = new ArrayList<>(rows.size());
        for (Row row : rows.values()) {
            connections.add(new WebhookConnection(row.id(), secret(row), hookSecrets.getOrDefault(row.id(), List.of()),
                    row.bindings()));
        }
        return List.copyOf(connections);
    }

    /** The secrets of the hooks provisioned for the tenant's active connections, by connection, oldest first. */
    private Map<UUID, List<String>> hookSecrets(TenantId tenant, Provider provider) {
        Map<UUID, List<String>> secrets = new LinkedHashMap<>();
        jdbc.sql("""
                        SELECT w.id, w.connection_id, w.secret_ciphertext
                        FROM connection_webhooks w
                        JOIN connections c ON c.tenant_id = w.tenant_id AND c.id = w.connection_id
                        WHERE w.tenant_id = ? AND w.provider = ? AND c.status = 'active'
                        ORDER BY w.created_at, w.id""")
                .params(tenant.value(), provider.id())
                .query(rs -> {
                    UUID hook = rs.getObject("id", UUID.class);
                    try {
                        String secret = cipher.decrypt(rs.getBytes("secret_ciphertext"), SecretBinding.hookSecret(hook));
                        if (!secret.isBlank()) {
                            secrets.computeIfAbsent(rs.getObject("connection_id", UUID.class), k -> new ArrayList<>())
                                    .add(secret);
                        }
                    } catch (IllegalArgumentException e) {
                        log.warn("Secret of hook {} does not decrypt; it is ignored: {}", hook, e.getMessage());
                    }
                });
        return secrets;
    }

    private List<TenantConnection> loadBound(Provider provider, Set<ExternalIdentity> identities) {
        Map<UUID, TenantRow> rows = new LinkedHashMap<>();
        for (ExternalIdentity identity : identities) {
            if (identity.provider() != provider) {
                continue;
            }
            jdbc.sql("""
                            SELECT c.tenant_id, c.id, all_b.kind, all_b.value
                            FROM connection_bindings b
                            JOIN connections c ON c.tenant_id = b.tenant_id AND c.id = b.connection_id
                            JOIN connection_bindings all_b
                              ON all_b.tenant_id = c.tenant_id AND all_b.connection_id = c.id
                            WHERE b.provider = ? AND b.kind = ? AND b.value = ? AND c.status = 'active'
                            ORDER BY c.created_at, c.id""")
                    .params(provider.id(), identity.kind().id(), identity.value())
                    .query(rs -> {
                        UUID id = rs.getObject("id", UUID.class);
                        TenantId tenant = TenantId.of(rs.getObject("tenant_id", UUID.class));
                        TenantRow row = rows.computeIfAbsent(id, k -> new TenantRow(tenant, k, new LinkedHashSet<>()));
                        identity(provider, rs.getString("kind"), rs.getString("value"))
                                .ifPresent(row.bindings()::add);
                    });
        }
        // Deliveries to an app-wide URL are verified with the app's own credential, never a connection's secret.
        return rows.values().stream()
                .map(r -> new TenantConnection(r.tenant(), new WebhookConnection(r.id(), null, r.bindings())))
                .toList();
    }

    private static Optional<ExternalIdentity> identity(Provider provider, String kind, String value) {
        if (kind == null || !ExternalIdentity.isValid(value)) {
            return Optional.empty();
        }
        // kinds a newer version wrote are skipped: this one cannot match deliveries against them
        return IdentityKind.of(provider, kind).map(k -> ExternalIdentity.of(k, value));
    }

    private String secret(Row row) {
        if (row.ciphertext() == null) {
            return null;
        }
        try {
            String secret = cipher.decrypt(row.ciphertext(), SecretBinding.webhookSecret(row.id()));
            return secret.isBlank() ? null : secret; // an empty key signs nothing
        } catch (IllegalArgumentException e) {
            // A secret sealed under another key or copied from another row: that connection cannot be verified by
            // its own secret, the others still can.
            log.warn("Webhook secret of connection {} does not decrypt; it is ignored: {}", row.id(), e.getMessage());
            return null;
        }
    }

    private record TenantKey(TenantId tenant, Provider provider) {
    }

    private record IdentityKey(Provider provider, Set<ExternalIdentity> identities) {
    }

    private record Entry<V>(V value, Instant expiresAt) {
    }

    private record Row(UUID id, byte[] ciphertext, Set<ExternalIdentity> bindings) {
    }

    private record TenantRow(TenantId tenant, UUID id, Set<ExternalIdentity> bindings) {
    }
}
