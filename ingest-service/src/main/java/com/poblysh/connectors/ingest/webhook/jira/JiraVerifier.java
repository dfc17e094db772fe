package com.poblysh.connectors.ingest.webhook.jira;

import java.time.Clock;
import java.util.List;
import java.util.Optional;

import com.poblysh.connectors.ingest.webhook.HmacSignature;
import com.poblysh.connectors.ingest.webhook.RawWebhook;
import com.poblysh.connectors.ingest.webhook.Verification;
import com.poblysh.connectors.ingest.webhook.WebhookSecrets;
import com.poblysh.connectors.ingest.webhook.WebhookVerifier;
import org.springframework.http.HttpHeaders;

/**
 * Jira Cloud's two schemes. Admin webhooks registered with a secret send
 * {@code X-Hub-Signature: sha256=<hex HMAC-SHA256(secret, raw body)>}; app webhooks (Connect and OAuth 2.0 apps)
 * send a JWT in {@code Authorization} signed with the app's secret ({@link JiraJwt}). A request carrying neither is
 * refused, as is one whose scheme has no secret.
 */
final class JiraVerifier implements WebhookVerifier {

    static final String SIGNATURE_HEADER = "X-Hub-Signature";
    private static final HmacSignature SIGNATURE = new HmacSignature(SIGNATURE_HEADER, "sha256=");

    private final List<String> webhookSecrets;
    private final List<String> clientSecrets;
    private final JiraJwt jwt;

    JiraVerifier(String webhookSecret, String clientSecret, Clock clock) {
        this.webhookSecrets = present(webhookSecret);
        this.clientSecrets = present(clientSecret);
        this.jwt = new JiraJwt(clock);
    }

    @Override
    public Verification verify(RawWebhook request, WebhookSecrets secrets) {
        HttpHeaders headers = request.headers();
        List<String> signatures = headers.get(SIGNATURE_HEADER);
        if (signatures != null) {
            return signature(signatures, request.body(), secrets);
        }
        List<String> authorizations = headers.get(HttpHeaders.AUTHORIZATION);
        if (authorizations == null || authorizations.size() != 1) {
            return Verification.rejected("neither " + SIGNATURE_HEADER + " nor exactly one Authorization header");
        }
        Optional<String> token = JiraJwt.token(authorizations.get(0));
        return token.map(t -> jwt.verify(t, request, secrets, clientSecrets))
                .orElseGet(() -> Verification.rejected("Authorization is neither JWT nor Bearer"));
    }

    private Verification signature(List<String> values, byte[] body, WebhookSecrets secrets) {
        if (values.size() != 1) {
            return Verification.rejected("expected exactly one " + SIGNATURE_HEADER);
        }
        return SIGNATURE.verify(values.get(0), body, webhookSecrets, secrets);
    }

    private static List<String> present(String secret) {
        return secret == null || secret.isEmpty() ? List.of() : List.of(secret);
    }

    @Override
    public String toString() {
        return "JiraVerifier[configured secrets redacted]";
    }
}
