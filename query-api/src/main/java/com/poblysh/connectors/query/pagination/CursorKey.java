package com.poblysh.connectors.query.pagination;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The HMAC-SHA256 key that makes cursors tamper-evident, from {@code POBLYSH_CURSOR_SECRET}. Every instance
 * must use the same secret, so a cursor issued by one instance is accepted by any other.
 */
public final class CursorKey {

    /** Shorter secrets are refused: a guessable key would let clients forge positions and tenant bindings. */
    public static final int MIN_SECRET_LENGTH = 32;
    static final int MAC_BYTES = 32;
    private static final String ALGORITHM = "HmacSHA256";

    private final SecretKeySpec key;

    private CursorKey(byte[] secret) {
        this.key = new SecretKeySpec(secret, ALGORITHM);
    }

    /** The key for {@code secret}; fails (without echoing it) when it is missing or shorter than 32 characters. */
    public static CursorKey of(String secret) {
        if (secret == null || secret.strip().length() < MIN_SECRET_LENGTH) {
            throw new IllegalArgumentException("POBLYSH_CURSOR_SECRET must be at least " + MIN_SECRET_LENGTH
                    + " characters (generate one with: openssl rand -base64 32)");
        }
        return new CursorKey(secret.strip().getBytes(StandardCharsets.UTF_8));
    }

    byte[] sign(byte[] data, int length) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM); // Mac is not thread-safe; creating one is cheap
            mac.init(key);
            mac.update(data, 0, length);
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 unavailable", e);
        }
    }

    /** Whether {@code tag} is the MAC of the first {@code length} bytes of {@code data}, in constant time. */
    boolean verify(byte[] data, int length, byte[] tag) {
        return MessageDigest.isEqual(sign(data, length), tag);
    }

    @Override
    public String toString() {
        return "CursorKey[HmacSHA256, redacted]";
    }
}
