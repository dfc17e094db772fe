package com.poblysh.connectors.query.connect;

import java.util.Optional;

import com.poblysh.connectors.common.crypto.SecretBinding;
import com.poblysh.connectors.common.crypto.SecretCipher;
import com.poblysh.connectors.common.provider.Provider;
import com.poblysh.connectors.common.tenancy.TenantId;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * {@code oauth_states}: one row per started connect, keyed by the SHA-256 of its {@code state}, bound to tenant
 * and provider, expiring after {@value #TTL_MINUTES} minutes by the database clock (the same for every
 * instance), and consumed by exactly one callback ({@code UPDATE ... WHERE consumed_at IS NULL}: of two
 * concurrent callbacks only one wins). The PKCE verifier is sealed with the service key, bound to the state.
 * Rows stay a day after expiry so a late callback is told "expired" rather than "invalid", then are purged.
 */
@Repository
class OAuthStateStore {

    static final int TTL_MINUTES = 10;

    /** A consumed state as stored. */
    record Claimed(TenantId tenant, Provider provider, String codeVerifier, String redirectUri, boolean expired) {
    }

    /** Why a state cannot be used. */
    enum Rejection {
        INVALID, REUSED
    }

    private final JdbcClient jdbc;
    private final SecretCipher cipher;

    OAuthStateStore(JdbcClient jdbc, SecretCipher cipher) {
        this.jdbc = jdbc;
        this.cipher = cipher;
    }

    /** Stores a new state; {@code codeVerifier} is null without PKCE. */
    void save(String state, TenantId tenant, Provider provider, String codeVerifier, String redirectUri) {
        byte[] hash = Pkce.sha256(state);
        jdbc.sql("""
                INSERT INTO oauth_states (state_hash, tenant_id, provider, code_verifier_ciphertext, redirect_uri,
                                          expires_at)
                VALUES (:hash, :tenant, :provider, :verifier, :redirectUri,
                        now() + make_interval(mins => :ttl))""")
                .param("hash", hash)
                .param("tenant", tenant.value())
                .param("provider", provider.id())
                .param("verifier", codeVerifier == null ? null : cipher.encrypt(codeVerifier, SecretBinding.codeVerifier(hash)))
                .param("redirectUri", redirectUri)
                .param("ttl", TTL_MINUTES)
                .update();
    }

    /**
     * Consumes {@code state}: the stored row when this call was the first to use it (expired or not; the caller
     * decides), else why not.
     */
    Result claim(String state) {
        byte[] hash = Pkce.sha256(state);
        Optional<Claimed> claimed = jdbc.sql("""
                        UPDATE oauth_states SET consumed_at = now()
                        WHERE state_hash = :hash AND consumed_at IS NULL
                        RETURNING tenant_id, provider, code_verifier_ciphertext, redirect_uri,
                                  expires_at <= now() AS expired""")
                .param("hash", hash)
                .query((rs, n) -> {
                    byte[] verifier = rs.getBytes("code_verifier_ciphertext");
                    return new Claimed(TenantId.of(rs.getObject("tenant_id", java.util.UUID.class)),
                            provider(rs.getString("provider")), verifier == null ? null : unseal(verifier, hash),
                            rs.getString("redirect_uri"), rs.getBoolean("expired"));
                })
                .optional();
        if (claimed.isPresent()) {
            return new Result(claimed.get(), null);
        }
        boolean known = jdbc.sql("SELECT count(*) FROM oauth_states WHERE state_hash = :hash")
                .param("hash", hash).query(Long.class).single() > 0;
        return new Result(null, known ? Rejection.REUSED : Rejection.INVALID);
    }

    /** Deletes states that expired more than a day ago, a bounded batch per call. */
    int purgeExpired() {
        return jdbc.sql("""
                DELETE FROM oauth_states WHERE state_hash IN (
                    SELECT state_hash FROM oauth_states WHERE expires_at < now() - interval '1 day' LIMIT 100)""")
                .update();
    }

    /** The stored provider id as a {@link Provider}; only {@link #save} writes it, so an unknown one is a bug. */
    private static Provider provider(String id) {
        return Provider.fromId(id).orElseThrow(() -> new IllegalStateException("oauth_states row has unknown "
                + "provider " + id));
    }

    /** Either the claimed row or the rejection. */
    record Result(Claimed claimed, Rejection rejection) {
    }

    /** The verifier, or null when it does not decrypt (key rotated since the state was issued). */
    private String unseal(byte[] verifier, byte[] hash) {
        try {
            return cipher.decrypt(verifier, SecretBinding.codeVerifier(hash));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
