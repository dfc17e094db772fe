package com.poblysh.connectors.common.tokens;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import com.poblysh.connectors.common.crypto.ConstantTime;
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
 * A token within a minute of expiry counts as expired: the call would race it. With a {@link TokenRefresher}, such a
 * token is renewed on the spot (single-flight per connection, also across instances); a renewal that failed is not
 * tried again by this instance before the cache entry's time is up, so a provider outage does not stall every call.
 * Without one, an expired token is simply withheld.
 */
public class JdbcAccessTokens implements AccessTokens {

    private static final Logger log = LoggerFactory.getLogger(JdbcAccessTokens.class);
    static final Duration CACHE_TTL = Duration.ofSeconds(30);
    static final Duration EXPIRY_MARGIN = Duration.ofMinutes(1);
    private static final int MAX_ENTRIES = 10_000;

    private final JdbcClient jdbc;
    private final SecretCipher cipher;
    private final TokenRefresher refresher;
    private final Clock clock;
    private final Map<UUID, Entry> cache = new ConcurrentHashMap<>();
    /** The token last answered per connection: the one a caller reporting a refusal was given. */
    private final Map<UUID, String> handedOut = new ConcurrentHashMap<>();

    /** Tokens as stored, never renewed. */
    public JdbcAccessTokens(JdbcClient jdbc, SecretCipher cipher) {
        this(jdbc, cipher, null, Clock.systemUTC());
    }

    /** Tokens renewed by {@code refresher} when they expired. */
    public JdbcAccessTokens(JdbcClient jdbc, SecretCipher cipher, TokenRefresher refresher, Clock clock) {
        this.jdbc = jdbc;
        this.cipher = cipher;
        this.refresher = refresher;
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
            remember(connectionId, entry);
        }
        if (!entry.usableAt(now) && entry.renewable() && refresher != null) {
            entry = renew(tenantId, connectionId, provider, now);
            remember(connectionId, entry);
        }
        if (!entry.usableAt(now)) {
            return Optional.empty();
        }
        if (handedOut.size() >= MAX_ENTRIES) {
            handedOut.clear();
        }
        handedOut.put(connectionId, entry.token());
        return Optional.of(entry.token());
    }

    /**
     * {@inheritDoc} The refused token is taken to be the one this instance answered last for the connection, so
     * several callers reporting the refusal of one token cause one renewal.
     */
    @Override
    public boolean renewRefused(TenantId tenant, UUID connectionId, Provider provider) {
        if (refresher == null) {
            return false;
        }
        String refused = handedOut.get(connectionId);
        TokenRefresher.Outcome outcome = refresher.renewRefused(tenant, connectionId, provider, refused);
        boolean other = outcome.accessToken() != null && (outcome.result() == TokenRefresher.Result.RENEWED
                || outcome.result() == TokenRefresher.Result.ALREADY_FRESH
                        && !ConstantTime.equals(outcome.accessToken(), refused));
        if (other) {
            remember(connectionId, new Entry(tenant.value(), provider, outcome.accessToken(), outcome.expiresAt(),
                    false, clock.instant().plus(CACHE_TTL)));
        } else {
            cache.remove(connectionId); // the refused token (or one of a connection now in error) is not handed out
        }
        return other;
    }

    private Entry renew(TenantId tenant, UUID connectionId, Provider provider, Instant now) {
        Instant until = now.plus(EXPIRY_MARGIN);
        try {
            TokenRefresher.Outcome outcome = refresher.renewExpiring(tenant, connectionId, provider, until);
            return new Entry(tenant.value(), provider, outcome.accessToken(), outcome.expiresAt(), false,
                    now.plus(CACHE_TTL));
        } catch (RuntimeException e) {
            log.warn("Access token of connection {} expired and could not be renewed: {}", connectionId,
                    e.getMessage());
            return new Entry(tenant.value(), provider, null, null, false, now.plus(CACHE_TTL));
        }
    }

    private void remember(UUID connectionId, Entry entry) {
        if (cache.size() >= MAX_ENTRIES) {
            cache.clear();
        }
        cache.put(connectionId, entry);
    }

    private Entry load(UUID tenant, UUID connectionId, Provider provider, Instant now) {
        Optional<Row> row = jdbc.sql("""
                        SELECT access_token_ciphertext, expires_at, refresh_token_ciphertext IS NOT NULL AS renewable
                        FROM connections
                        WHERE tenant_id = ? AND id = ? AND provider = ? AND status = 'active'""")
                .params(tenant, connectionId, provider.id())
                .query((rs, i) -> new Row(rs.getBytes(1), rs.getObject(2, OffsetDateTime.class), rs.getBoolean(3)))
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
        return new Entry(tenant, provider, token, expiresAt, row.isPresent() && row.get().renewable(),
                now.plus(CACHE_TTL));
    }

    private record Row(byte[] ciphertext, OffsetDateTime expiresAt, boolean renewable) {
    }

    /** A cached answer; {@code renewable}: worth asking the refresher (false once it was asked). */
    private record Entry(UUID tenant, Provider provider, String token, Instant expiresAt, boolean renewable,
            Instant cachedUntil) {

        boolean usableAt(Instant now) {
            return token != null && (expiresAt == null || now.plus(EXPIRY_MARGIN).isBefore(expiresAt));
        }

        @Override
        public String toString() {
            return "Entry[" + provider + " of " + tenant + ", token redacted]";
        }
    }
}
