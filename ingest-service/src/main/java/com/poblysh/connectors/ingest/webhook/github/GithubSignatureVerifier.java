package com.poblysh.connectors.ingest.webhook.github;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.poblysh.connectors.ingest.webhook.WebhookVerifier;
import org.springframework.http.HttpHeaders;

/**
 * GitHub's scheme: {@code X-Hub-Signature-256: sha256=<hex HMAC-SHA256(secret, raw body)>}, compared in constant
 * time on the decoded bytes. Without a secret every delivery is refused.
 */
final class GithubSignatureVerifier implements WebhookVerifier {

    static final String SIGNATURE_HEADER = "X-Hub-Signature-256";
    private static final String PREFIX = "sha256=";
    private static final String ALGORITHM = "HmacSHA256";

    private final SecretKeySpec key;

    GithubSignatureVerifier(String secret) {
        this.key = secret == null || secret.isEmpty() ? null
                : new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), ALGORITHM);
    }

    @Override
    public Verification verify(byte[] rawBody, HttpHeaders headers) {
        List<String> values = headers.get(SIGNATURE_HEADER);
        // exactly one signature: with two, which one a proxy or framework reads first is not ours to guess
        if (key == null || values == null || values.size() != 1) {
            return Verification.INVALID_SIGNATURE;
        }
        String value = values.get(0).trim();
        if (!value.startsWith(PREFIX) || value.length() != PREFIX.length() + 64) {
            return Verification.INVALID_SIGNATURE;
        }
        byte[] presented;
        try {
            presented = HexFormat.of().parseHex(value, PREFIX.length(), value.length());
        } catch (IllegalArgumentException e) {
            return Verification.INVALID_SIGNATURE;
        }
        return MessageDigest.isEqual(hmac(rawBody), presented) ? Verification.VERIFIED
                : Verification.INVALID_SIGNATURE;
    }

    private byte[] hmac(byte[] body) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return mac.doFinal(body);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is unavailable", e);
        }
    }

    @Override
    public String toString() {
        return "GithubSignatureVerifier[secret " + (key == null ? "unset" : "redacted") + "]";
    }
}
