package com.poblysh.connectors.common.tokens;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import com.poblysh.connectors.common.crypto.SecretBinding;
import com.poblysh.connectors.common.crypto.SecretCipher;
import com.poblysh.connectors.common.provider.Provider;
import com.poblysh.connectors.common.tenancy.TenantId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Reads access tokens from {@code connections} (AES-GCM, bound to the row by {@link SecretBinding#accessToken}),
 * scoped by tenant, and keeps them for a few seconds so a burst of notifications of one connection costs one query.
 * A token within a minute of expiry counts as expired: the call would race it. It refreshes nothing itself.
 */
public class JdbcAccessTokens implements AccessTokens {

    private static final Logger log = LoggerFactory.getLogger(JdbcAccessTokens.class);
    static final Duration CACHE_TTL = Duration.ofSeconds(30);
    static final Duration EXPIRY_MARGIN = Duration.ofMinutes(1);
    private static final int MAX_ENTRIES = 10_000;

    private final JdbcClient jdbc;
    private final SecretCipher cipher;
    private final Clock clock;
    private final Map<UUID, Entry> cache = new ConcurrentHashMap<>();

    public JdbcAccessTokens(JdbcClient jdbc, SecretCipher cipher) {
        this(jdbc, cipher, Clock.systemUTC());
    }

    JdbcAccessTokens(JdbcClient jdbc, SecretCipher cipher, Clock clock) {
        this.jdbc = jdbc;
        this.cipher = cipher;
        this.clock = clock;
    }

    @Override
    public Optional<String> accessToken(TenantId tenantId, UUID connectionId, Provider provider) {
        UUID tenant = tenantId.value();
        Instant now = clock.instant();
        Entry entry = cache.get(connectionId);
        if (entry == null || !now.isBefore(entry.cachedUntil()) || !entry.tenant().equals(tenant)
                || entry.provider() != provider) {
            entry = load(tenant, connectionId, provider, now);
            if (cache.size() >= MAX_ENTRIES) {
                cache.clear();
            }
            cache.put(connectionId, entry);
        }
        boolean expired = entry.expiresAt() != null && !now.plus(EXPIRY_MARGIN).isBefore(entry.expiresAt());
        if (entry.token() == null || expired) {
            return Optional.empty();
        }
        return Optional.of(entry.token());
    }

    private Entry load(UUID tenant, UUID connectionId, Provider provider, Instant now) {
        Optional<Row> row = jdbc.sql("""
                        SELECT access_token_ciphertext, expires_at FROM connections
                        WHERE tenant_id = ? AND id = ? AND provider = ? AND status = 'active'""")
                .params(tenant, connectionId, provider.id())
                .query((rs, i) -> new Row(rs.getBytes(1), rs.getObject(2, OffsetDateTime.class)))
                .optional();
        String token = null;
        Instant expiresAt = null;
        if (row.isPresent() && row.get().ciphertext() != null) {
            try {
                token = cipher.decrypt(row.get().ciphertext(), SecretBinding.accessToken(connectionId));
                expiresAt = row.get().expiresAt() == null ? null : row.get().expiresAt().toInstant();
            } catch (IllegalArgumentException e) {
                log.warn("Access token of connection {} does not decrypt: {}", connectionId, e.getMessage());
            }
        }
        return new Entry(tenant, provider, token, expiresAt, now.plus(CACHE_TTL));
    }

    private record Row(byte[] ciphertext, OffsetDateTime expiresAt) {
    }

    private record Entry(UUID tenant, Provider provider, String token, Instant expiresAt, Instant cachedUntil) {

        @Override
        public String toString() {
            return "Entry[" + provider + " of " + tenant + ", token redacted]";
        }
    }
}
