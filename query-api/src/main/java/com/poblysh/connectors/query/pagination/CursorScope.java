package com.poblysh.connectors.query.pagination;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Map;
import java.util.StringJoiner;
import java.util.TreeMap;

import com.poblysh.connectors.common.value.WrappedValue;

/**
 * What a cursor is valid for: one list (e.g. {@code signals}) with one set of filters. Its canonical form sorts
 * the filters and drops absent ones, e.g. {@code signals?kind=pr_merged&provider=github}; a cursor carries only
 * the first 16 bytes of its SHA-256, so the filters stay out of the token while any change is detected.
 * Callers pass canonical values (parsed ids and instants, not raw text), so equivalent spellings of one filter
 * (two offsets for one instant) share a scope.
 */
public final class CursorScope extends WrappedValue<String> {

    static final int HASH_BYTES = 16;

    private final byte[] hash;

    private CursorScope(String canonical) {
        super(canonical);
        this.hash = Arrays.copyOf(sha256(canonical), HASH_BYTES);
    }

    /** The scope of {@code list} with {@code filters}; null values mean "not filtered" and are left out. */
    public static CursorScope of(String list, Map<String, ?> filters) {
        StringJoiner query = new StringJoiner("&", list + "?", "");
        new TreeMap<>(filters).forEach((name, value) -> {
            if (value != null) {
                query.add(encode(name) + "=" + encode(value.toString()));
            }
        });
        return new CursorScope(query.toString());
    }

    byte[] hash() {
        return hash.clone();
    }

    boolean matches(byte[] otherHash) {
        return MessageDigest.isEqual(hash, otherHash);
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
