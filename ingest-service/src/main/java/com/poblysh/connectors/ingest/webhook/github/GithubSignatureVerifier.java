package com.poblysh.connectors.ingest.webhook.github;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.poblysh.connectors.ingest.webhook.RawWebhook;
import com.poblysh.connectors.ingest.webhook.Verification;
import com.poblysh.connectors.ingest.webhook.WebhookSecrets;
import com.poblysh.connectors.ingest.webhook.WebhookVerifier;
import org.springframework.http.HttpHeaders;

/**
 * GitHub's scheme: {@code X-Hub-Signature-256: sha256=<hex HMAC-SHA256(secret, raw body)>}, compared in constant
 * time on the decoded bytes, against each connection's secret and then the configured one. Without any secret every
 * delivery is refused.
 */
final class GithubSignatureVerifier implements WebhookVerifier {

    static final String SIGNATURE_HEADER = "X-Hub-Signature-256";
    private static final String PREFIX = "sha256=";
    private static final String ALGORITHM = "HmacSHA256";

    /** One Mac per thread: looking the algorithm up among the security providers cost more than the HMAC itself. */
    private static final ThreadLocal<Mac> MACS = ThreadLocal.withInitial(GithubSignatureVerifier::newMac);

    private final List<String> configured;

    GithubSignatureVerifier(String configuredSecret) {
        this.configured = configuredSecret == null || configuredSecret.isEmpty() ? List.of()
                : List.of(configuredSecret);
    }

    @Override
    public Verification verify(RawWebhook request, WebhookSecrets secrets) {
        HttpHeaders headers = request.headers();
        byte[] rawBody = request.body();
        List<String> values = headers.get(SIGNATURE_HEADER);
        // exactly one signature: with two, which one a proxy or framework reads first is not ours to guess
        if (values == null || values.size() != 1) {
            return Verification.rejected("expected exactly one " + SIGNATURE_HEADER + " header");
        }
        String value = values.get(0).trim();
        if (!value.startsWith(PREFIX) || value.length() != PREFIX.length() + 64) {
            return Verification.rejected("malformed " + SIGNATURE_HEADER);
        }
        byte[] presented;
        try {
            presented = HexFormat.of().parseHex(value, PREFIX.length(), value.length());
        } catch (IllegalArgumentException e) {
            return Verification.rejected("malformed " + SIGNATURE_HEADER);
        }
        return secrets.find(configured, secret -> MessageDigest.isEqual(hmac(secret, rawBody), presented))
                .map(Verification::verified)
                .orElseGet(() -> Verification.rejected("no secret produces this signature"));
    }

    static byte[] hmac(String secret, byte[] body) {
        try {
            Mac mac = MACS.get();
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), ALGORITHM));
            return mac.doFinal(body);
        } catch (InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 refused its key", e);
        }
    }

    private static Mac newMac() {
        try {
            return Mac.getInstance(ALGORITHM);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("HmacSHA256 is unavailable", e);
        }
    }

    @Override
    public String toString() {
        return "GithubSignatureVerifier[configured secret " + (configured.isEmpty() ? "unset" : "redacted") + "]";
    }
}
