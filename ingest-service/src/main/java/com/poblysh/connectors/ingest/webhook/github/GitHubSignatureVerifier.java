package com.poblysh.connectors.ingest.webhook.github;

import java.util.List;

import com.poblysh.connectors.ingest.webhook.HmacSignature;
import com.poblysh.connectors.ingest.webhook.RawWebhook;
import com.poblysh.connectors.ingest.webhook.Verification;
import com.poblysh.connectors.ingest.webhook.WebhookSecret;
import com.poblysh.connectors.ingest.webhook.WebhookSecrets;
import com.poblysh.connectors.ingest.webhook.WebhookVerifier;

/**
 * GitHub's scheme: {@code X-Hub-Signature-256: sha256=<hex HMAC-SHA256(secret, raw body)>}, compared in constant
 * time on the decoded bytes, against each connection's secret (a hook's own secret) and then the configured one,
 * which is a fallback for hand-made hooks and counts only when opted in. Without any secret every delivery is
 * refused.
 */
final class GitHubSignatureVerifier implements WebhookVerifier {

    static final String SIGNATURE_HEADER = "X-Hub-Signature-256";
    private static final HmacSignature SIGNATURE = new HmacSignature(SIGNATURE_HEADER, "sha256=");

    private final List<WebhookSecret> configured;

    GitHubSignatureVerifier(String configuredSecret) {
        this.configured = WebhookSecret.fallbackIfSet(configuredSecret);
    }

    @Override
    public Verification verify(RawWebhook request, WebhookSecrets secrets) {
        List<String> values = request.headers().get(SIGNATURE_HEADER);
        // exactly one signature: with two, which one a proxy or framework reads first is not ours to guess
        if (values == null || values.size() != 1) {
            return Verification.rejected("expected exactly one " + SIGNATURE_HEADER + " header");
        }
        return SIGNATURE.verify(values.get(0), request.body(), configured, secrets);
    }

    @Override
    public String toString() {
        return "GitHubSignatureVerifier[configured secret " + (configured.isEmpty() ? "unset" : "redacted") + "]";
    }
}
