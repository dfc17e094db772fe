package com.poblysh.connectors.query.connect;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Random values of the connect flow: {@code state} and the PKCE verifier are 32 random bytes in unpadded
 * base64url (43 characters, within RFC 7636's 43..128 unreserved characters); the S256 challenge is
 * {@code base64url(SHA-256(verifier))}. States are stored only as their SHA-256, so a database read does not
 * yield a usable state.
 */
final class Pkce {

    /** Length of every random value issued here. */
    static final int TOKEN_LENGTH = 43;

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

    private Pkce() {
    }

    /** 43 characters of fresh randomness (256 bits). */
    static String randomToken() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return BASE64URL.encodeToString(bytes);
    }

    /** The S256 code challenge of {@code verifier}. */
    static String challenge(String verifier) {
        return BASE64URL.encodeToString(sha256(verifier));
    }

    /** SHA-256 of the text's ASCII bytes: how states are stored and looked up. */
    static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.US_ASCII));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Whether {@code text} has the shape of a value issued here (cheap check before any database work). */
    static boolean isWellFormed(String text) {
        return text != null && text.length() == TOKEN_LENGTH && text.chars().allMatch(c -> c >= 'A' && c <= 'Z'
                || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_');
    }
}
