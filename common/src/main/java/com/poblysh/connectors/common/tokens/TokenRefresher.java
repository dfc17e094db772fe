package com.poblysh.connectors.common.tokens;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;

import com.poblysh.connectors.common.crypto.ConstantTime;
import com.poblysh.connectors.common.crypto.SecretBinding;
import com.poblysh.connectors.common.crypto.SecretCipher;
import com.poblysh.connectors.common.oauth.OAuthClientProperties;
import com.poblysh.connectors.common.oauth.OAuthHttp;
import com.poblysh.connectors.common.oauth.ProviderCallException;
import com.poblysh.connectors.common.oauth.RefreshDialect;
import com.poblysh.connectors.common.oauth.RefreshOutcome;
import com.poblysh.connectors.common.provider.Provider;
import com.poblysh.connectors.common.tenancy.TenantId;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Renews connections' access tokens with their refresh tokens, one refresh per connection at a time across threads
 * and instances: the connection's row is locked ({@code SELECT ... FOR UPDATE}) for the whole refresh, and what is
 * read once the lock is held decides whether a request is made at all, so a caller that waited for another one's
 * refresh takes the token it stored instead of asking again. The new access token, the refresh token (when the
 * provider rotated it; an answer without one keeps the stored one) and the expiry are written by one UPDATE in that
 * transaction. A refresh token the provider rejects ({@code invalid_grant} or its provider's name for it) sets the
 * connection's status to {@code error} with the reason in {@code last_error} and an audit row; nothing refreshes an
 * errored connection again. Tokens are sealed with {@link SecretBinding#accessToken} and
 * {@link SecretBinding#refreshToken} and never logged.
 */
public final class TokenRefresher {

    /** Counter of refresh attempts by {@code provider} and {@code outcome}. */
    public static final String METRIC = "poblysh.tokens.refreshes";
    /** Who the audit row of a rejected refresh names. */
    static final String ACTOR = "token_refresher";

    private static final Logger log = LoggerFactory.getLogger(TokenRefresher.class);
    private static final int STRIPES = 64;

    /** How a refresh request ended. */
    public enum Result {
        /** The provider issued new tokens, now stored. */
        RENEWED,
        /** Once locked, the stored token no longer needed renewing: another caller renewed it. */
        ALREADY_FRESH,
        /** The provider rejected the refresh token; the connection is now {@code error}. */
        REJECTED,
        /** Nothing to renew with: no refresh token, no app credentials for the provider, or an unreadable token. */
        NOT_REFRESHABLE,
        /** The connection does not exist for the tenant and provider, or is not active. */
        INACTIVE,
        /** Another caller holds the connection right now (only when asked not to wait). */
        BUSY
    }

    /**
     * The outcome and the connection's token afterwards. {@link #toString()} never shows the token.
     *
     * @param accessToken the usable access token after the call (new or as stored), null when there is none
     * @param expiresAt   its expiry, null when it does not expire (or there is none)
     */
    public record Outcome(Result result, String accessToken, Instant expiresAt) {

        @Override
        public String toString() {
            return "Outcome[" + result + ", token redacted, expiresAt=" + expiresAt + "]";
        }
    }

    /** A connection whose token is due, as the sweep finds it. */
    private record Due(TenantId tenant, UUID id, Provider provider, Instant expiresAt) {
    }

    /** The locked row, its access token decrypted (null when absent or unreadable). */
    private record Stored(String status, String accessToken, byte[] refreshCiphertext, Instant expiresAt) {
    }

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final SecretCipher cipher;
    private final OAuthClientProperties clients;
    private final OAuthHttp http;
    private final Map<Provider, RefreshDialect> dialects = new EnumMap<>(Provider.class);
    private final Clock clock;
    private final MeterRegistry meters;
    private final ReentrantLock[] stripes = new ReentrantLock[STRIPES];

    public TokenRefresher(JdbcClient jdbc, PlatformTransactionManager transactions, SecretCipher cipher,
            OAuthClientProperties clients, OAuthHttp http, Collection<RefreshDialect> dialects, Clock clock,
            MeterRegistry meters) {
        this.jdbc = jdbc;
        this.tx = new TransactionTemplate(transactions);
        this.cipher = cipher;
        this.clients = clients;
        this.http = http;
        for (RefreshDialect dialect : dialects) {
            RefreshDialect other = this.dialects.putIfAbsent(dialect.provider(), dialect);
            if (other != null) {
                throw new IllegalStateException("Two refresh dialects for " + dialect.provider() + ": "
                        + other.getClass().getName() + " and " + dialect.getClass().getName());
            }
        }
        this.clock = clock;
        this.meters = meters;
        for (int i = 0; i < STRIPES; i++) {
            stripes[i] = new ReentrantLock();
        }
    }

    /**
     * Renews the connection's token unless, once the connection is locked, it is valid after {@code until} (or never
     * expires): what a caller that found it expired, or about to, asks.
     *
     * @throws TokenRefreshException when the provider gave no usable answer
     */
    public Outcome renewExpiring(TenantId tenant, UUID connectionId, Provider provider, Instant until) {
        return renew(tenant, connectionId, provider, stored -> stored.expiresAt() != null
                && !stored.expiresAt().isAfter(until), false);
    }

    /**
     * Renews the connection's token unless, once the connection is locked, the stored one is no longer
     * {@code refused}: what a caller whose token the provider refused asks. {@code refused} null (unknown) renews.
     *
     * @throws TokenRefreshException when the provider gave no usable answer
     */
    public Outcome renewRefused(TenantId tenant, UUID connectionId, Provider provider, String refused) {
        return renew(tenant, connectionId, provider, stored -> refused == null || stored.accessToken() == null
                || ConstantTime.equals(stored.accessToken(), refused), false);
    }

    /**
     * Renews, across tenants, the tokens of active connections with a refresh token that expire before
     * {@code until}, up to {@code limit} of them, soonest first, skipping connections another caller is refreshing
     * right now; a failure of one does not stop the others.
     *
     * @return how many were renewed
     */
    public int renewAllExpiring(Instant until, int limit) {
        List<Provider> configured = clients.providers().entrySet().stream()
                .filter(e -> e.getValue().configured() && dialects.containsKey(e.getKey())).map(Map.Entry::getKey)
                .toList();
        if (configured.isEmpty()) {
            return 0;
        }
        List<Due> due = jdbc.sql("""
                        SELECT tenant_id, id, provider, expires_at FROM connections
                        WHERE status = 'active' AND refresh_token_ciphertext IS NOT NULL AND expires_at IS NOT NULL
                          AND expires_at <= :until AND provider IN (:providers)
                        ORDER BY expires_at LIMIT :limit""")
                .param("until", utc(until)).param("providers", configured.stream().map(Provider::id).toList())
                .param("limit", limit)
                .query((rs, n) -> new Due(TenantId.of(rs.getObject("tenant_id", UUID.class)),
                        rs.getObject("id", UUID.class), Provider.fromId(rs.getString("provider")).orElseThrow(),
                        rs.getObject("expires_at", OffsetDateTime.class).toInstant()))
                .list();
        int renewed = 0;
        for (Due connection : due) {
            try {
                Outcome outcome = renew(connection.tenant(), connection.id(), connection.provider(),
                        stored -> stored.expiresAt() != null && !stored.expiresAt().isAfter(until), true);
                if (outcome.result() == Result.RENEWED) {
                    renewed++;
                }
            } catch (TokenRefreshException e) {
                log.warn("Connection {} ({}): {}; its token expires at {}, the next sweep tries again",
                        connection.id(), connection.provider().id(), e.getMessage(), connection.expiresAt());
            } catch (RuntimeException e) {
                log.warn("Refreshing connection {} ({}) failed unexpectedly: {}", connection.id(),
                        connection.provider().id(), e.toString());
            }
        }
        return renewed;
    }

    private Outcome renew(TenantId tenant, UUID connectionId, Provider provider, Predicate<Stored> needed,
            boolean skipBusy) {
        // threads of this instance queue here rather than each holding a pooled database connection while waiting
        ReentrantLock lock = stripes[Math.floorMod(connectionId.hashCode(), STRIPES)];
        if (skipBusy) {
            if (!lock.tryLock()) {
                return new Outcome(Result.BUSY, null, null);
            }
        } else {
            lock.lock();
        }
        try {
            Outcome outcome = tx.execute(status -> renewLocked(tenant, connectionId, provider, needed, skipBusy));
            count(provider, outcome.result().name().toLowerCase(Locale.ROOT));
            return outcome;
        } catch (TokenRefreshException e) {
            count(provider, "failed");
            throw e;
        } finally {
            lock.unlock();
        }
    }

    private Outcome renewLocked(TenantId tenant, UUID id, Provider provider, Predicate<Stored> needed,
            boolean skipBusy) {
        Optional<Stored> locked = jdbc.sql("""
                        SELECT status, access_token_ciphertext, refresh_token_ciphertext, expires_at FROM connections
                        WHERE tenant_id = :tenant AND id = :id AND provider = :provider
                        FOR UPDATE""" + (skipBusy ? " SKIP LOCKED" : ""))
                .param("tenant", tenant.value()).param("id", id).param("provider", provider.id())
                .query((rs, n) -> {
                    OffsetDateTime expires = rs.getObject("expires_at", OffsetDateTime.class);
                    return new Stored(rs.getString("status"), decrypt(rs.getBytes("access_token_ciphertext"),
                            SecretBinding.accessToken(id), id), rs.getBytes("refresh_token_ciphertext"),
                            expires == null ? null : expires.toInstant());
                })
                .optional();
        if (locked.isEmpty()) {
            return new Outcome(skipBusy ? Result.BUSY : Result.INACTIVE, null, null);
        }
        Stored stored = locked.get();
        if (!"active".equals(stored.status())) {
            return new Outcome(Result.INACTIVE, null, null);
        }
        if (!needed.test(stored)) {
            return new Outcome(Result.ALREADY_FRESH, stored.accessToken(), stored.expiresAt());
        }
        OAuthClientProperties.Client client = clients.client(provider);
        RefreshDialect dialect = dialects.get(provider);
        String refreshToken = decrypt(stored.refreshCiphertext(), SecretBinding.refreshToken(id), id);
        if (refreshToken == null || dialect == null || client == null || !client.configured()) {
            return new Outcome(Result.NOT_REFRESHABLE, stored.accessToken(), stored.expiresAt());
        }
        Instant asked = clock.instant();
        RefreshOutcome answer;
        try {
            answer = dialect.refresh(http, client, refreshToken);
        } catch (ProviderCallException e) {
            throw new TokenRefreshException(provider, e.upstreamError());
        }
        if (answer instanceof RefreshOutcome.Renewed renewed) {
            Instant expiresAt = renewed.expiresIn() == null ? null : asked.plus(renewed.expiresIn());
            store(tenant, id, renewed, expiresAt);
            log.debug("Renewed the {} token of connection {}{}; it expires at {}", provider.id(), id,
                    renewed.refreshToken() == null ? "" : " (refresh token rotated)", expiresAt);
            return new Outcome(Result.RENEWED, renewed.accessToken(), expiresAt);
        }
        RefreshOutcome.Rejected rejected = (RefreshOutcome.Rejected) answer;
        markRejected(tenant, id, provider, rejected, asked);
        return new Outcome(Result.REJECTED, null, null);
    }

    /** One UPDATE: the access token, a rotated refresh token (or the stored one) and the expiry go together. */
    private void store(TenantId tenant, UUID id, RefreshOutcome.Renewed renewed, Instant expiresAt) {
        jdbc.sql("""
                        UPDATE connections SET access_token_ciphertext = :access,
                            refresh_token_ciphertext = COALESCE(:refresh, refresh_token_ciphertext),
                            expires_at = :expiresAt, updated_at = now()
                        WHERE tenant_id = :tenant AND id = :id""")
                .param("access", cipher.encrypt(renewed.accessToken(), SecretBinding.accessToken(id)))
                .param("refresh", renewed.refreshToken() == null ? null
                        : cipher.encrypt(renewed.refreshToken(), SecretBinding.refreshToken(id)))
                .param("expiresAt", expiresAt == null ? null : utc(expiresAt))
                .param("tenant", tenant.value()).param("id", id)
                .update();
    }

    private void markRejected(TenantId tenant, UUID id, Provider provider, RefreshOutcome.Rejected rejected,
            Instant at) {
        String because = rejected.providerError() + (rejected.detail() == null ? "" : ", " + rejected.detail());
        String message = provider.id() + " rejected the connection's refresh token (" + because
                + "): connect the account again";
        jdbc.sql("""
                        UPDATE connections SET status = 'error', updated_at = now(),
                            last_error = jsonb_build_object('code', 'invalid_grant', 'message', CAST(:message AS text),
                                                            'at', CAST(:at AS text))
                        WHERE tenant_id = :tenant AND id = :id""")
                .param("message", message).param("at", at.toString())
                .param("tenant", tenant.value()).param("id", id)
                .update();
        jdbc.sql("""
                        INSERT INTO audit_log (tenant_id, actor, action, target_type, target_id, details)
                        VALUES (:tenant, :actor, 'connection.error', 'connection', :target,
                                jsonb_build_object('provider', CAST(:provider AS text), 'reason', 'invalid_grant',
                                                   'provider_error', CAST(:error AS text),
                                                   'detail', CAST(:detail AS text), 'previous_status', 'active'))""")
                .param("tenant", tenant.value()).param("actor", ACTOR).param("target", id.toString())
                .param("provider", provider.id()).param("error", rejected.providerError())
                .param("detail", rejected.detail())
                .update();
        log.warn("Connection {} ({}) is now in error: {}", id, provider.id(), message);
    }

    private String decrypt(byte[] ciphertext, SecretBinding binding, UUID id) {
        if (ciphertext == null) {
            return null;
        }
        try {
            return cipher.decrypt(ciphertext, binding);
        } catch (IllegalArgumentException e) {
            log.warn("{} of connection {} does not decrypt (key rotated?): {}", binding.associatedData()
                    .substring(binding.associatedData().lastIndexOf(':') + 1), id, e.getMessage());
            return null;
        }
    }

    private void count(Provider provider, String outcome) {
        meters.counter(METRIC, "provider", provider.id(), "outcome", outcome).increment();
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
