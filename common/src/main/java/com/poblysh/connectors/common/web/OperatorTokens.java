package com.poblysh.connectors.common.web;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * The operator bearer tokens allowed to call tenant-scoped endpoints. Only SHA-256 digests are kept; a presented
 * token is compared against every digest in constant time. A match yields a token id ({@code tok_} + 12 hex of
 * the digest) that audit rows and logs may carry instead of the token.
 */
public final class OperatorTokens {

    private final List<byte[]> digests;

    private OperatorTokens(List<byte[]> digests) {
        this.digests = digests;
    }

    public static OperatorTokens of(List<String> tokens) {
        return new OperatorTokens(tokens.stream().map(String::trim).filter(t -> !t.isEmpty())
                .map(OperatorTokens::sha256).toList());
    }

    public boolean isEmpty() {
        return digests.isEmpty();
    }

    /** The id of the matching token, or empty when {@code presented} is not an operator token. */
    public Optional<String> authenticate(String presented) {
        if (presented == null || presented.isEmpty()) {
            return Optional.empty();
        }
        byte[] candidate = sha256(presented);
        byte[] match = null;
        for (byte[] digest : digests) {
            // no early exit: the time taken does not depend on which token matched
            if (MessageDigest.isEqual(digest, candidate)) {
                match = digest;
            }
        }
        return match == null ? Optional.empty() : Optional.of("tok_" + HexFormat.of().formatHex(match, 0, 6));
    }

    private static byte[] sha256(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return "OperatorTokens[" + digests.size() + " configured, values redacted]";
    }
}
