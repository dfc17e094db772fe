package com.poblysh.connectors.ingest.connections;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import com.poblysh.connectors.common.crypto.SecretBinding;
import com.poblysh.connectors.common.crypto.SecretCipher;
import com.poblysh.connectors.common.provider.Provider;
import com.poblysh.connectors.common.tenancy.TenantId;
import com.poblysh.connectors.ingest.IngestProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Reads connection webhook secrets from Postgres and keeps them for a short time
 * ({@code POBLYSH_INGEST_SECRET_CACHE_TTL}), so a burst of deliveries costs one query per tenant and provider, and a
 * flood of forged requests for a tenant without connections does not reach the database at all. A revoked
 * connection's secret stops working within that time.
 */
@Component
class JdbcConnectionSecrets implements ConnectionSecrets {

    private static final Logger log = LoggerFactory.getLogger(JdbcConnectionSecrets.class);
    /** Bounds the cache: above it, everything is dropped and reloaded on demand (cheap and never stale). */
    static final int MAX_ENTRIES = 10_000;

    private final JdbcClient jdbc;
    private final SecretCipher cipher;
    private final Duration ttl;
    private final Clock clock;
    private final Map<Key, Entry> cache = new ConcurrentHashMap<>();

    @Autowired
    JdbcConnectionSecrets(JdbcClient jdbc, SecretCipher cipher, IngestProperties properties) {
        this(jdbc, cipher, properties.secretCacheTtl(), Clock.systemUTC());
    }

    JdbcConnectionSecrets(JdbcClient jdbc, SecretCipher cipher, Duration ttl, Clock clock) {
        this.jdbc = jdbc;
        this.cipher = cipher;
        this.ttl = ttl;
        this.clock = clock;
    }

    @Override
    public List<ConnectionSecret> webhookSecrets(TenantId tenant, Provider provider) {
        Key key = new Key(tenant, provider);
        Instant now = clock.instant();
        Entry entry = cache.get(key);
        if (entry != null && now.isBefore(entry.expiresAt())) {
            return entry.secrets();
        }
        List<ConnectionSecret> secrets = load(tenant, provider);
        if (cache.size() >= MAX_ENTRIES) {
            cache.clear();
        }
        cache.put(key, new Entry(secrets, now.plus(ttl)));
        return secrets;
    }

    private List<ConnectionSecret> load(TenantId tenant, Provider provider) {
        List<Row> rows = jdbc.sql("""
                        SELECT id, webhook_secret_ciphertext FROM connections
                        WHERE tenant_id = ? AND provider = ? AND status = 'active'
                          AND webhook_secret_ciphertext IS NOT NULL
                        ORDER BY created_at, id""")
                .param(tenant.value()).param(provider.id())
                .query((rs, i) -> new Row(rs.getObject("id", UUID.class), rs.getBytes("webhook_secret_ciphertext")))
                .list();
        List<ConnectionSecret> secrets = new ArrayList<>(rows.size());
        for (Row row : rows) {
            try {
                secrets.add(new ConnectionSecret(row.id(), cipher.decrypt(row.ciphertext(),
                        SecretBinding.webhookSecret(row.id()))));
            } catch (IllegalArgumentException e) {
                // A secret sealed under another key or copied from another row: that connection cannot be verified,
                // the others still can.
                log.warn("Webhook secret of connection {} does not decrypt; it is ignored: {}", row.id(),
                        e.getMessage());
            }
        }
        return List.copyOf(secrets);
    }

    private record Key(TenantId tenant, Provider provider) {
    }

    private record Entry(List<ConnectionSecret> secrets, Instant expiresAt) {
    }

    private record Row(UUID id, byte[] ciphertext) {
    }
}
