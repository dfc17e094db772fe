package com.poblysh.connectors.ingest.webhook.jira;

import java.time.Clock;
import java.util.List;
import java.util.Optional;

import com.poblysh.connectors.ingest.webhook.HmacSignature;
import com.poblysh.connectors.ingest.webhook.RawWebhook;
import com.poblysh.connectors.ingest.webhook.Verification;
import com.poblysh.connectors.ingest.webhook.WebhookSecret;
import com.poblysh.connectors.ingest.webhook.WebhookSecrets;
import com.poblysh.connectors.ingest.webhook.WebhookVerifier;
import org.springframework.http.HttpHeaders;

/**
 * Jira Cloud's three kinds of webhooks.
 * <ul>
 * <li>Admin webhooks registered with a secret send {@code X-Hub-Signature: sha256=<hex HMAC-SHA256(secret, raw
 * body)>}: the connection's stored secret, or {@code POBLYSH_JIRA_WEBHOOK_SECRET} as an opted-in fallback.</li>
 * <li>Connect app webhooks send {@code Authorization: JWT <token>} signed with the installation's shared secret:
 * the connection's stored secret, or {@code POBLYSH_JIRA_CLIENT_SECRET} as an opted-in fallback.</li>
 * <li>OAuth 2.0 app (dynamic) webhooks send {@code Authorization: Bearer <token>} signed with the app's client
 * secret, {@code POBLYSH_JIRA_CLIENT_SECRET}: the app's own credential.</li>
 * </ul>
 * The JWT rules of each kind are {@link JiraJwt}'s. A request carrying neither header is refused, as is one whose
 * scheme has no secret.
 */
final class JiraVerifier implements WebhookVerifier {

    static final String SIGNATURE_HEADER = "X-Hub-Signature";
    private static final HmacSignature SIGNATURE = new HmacSignature(SIGNATURE_HEADER, "sha256=");

    private final List<WebhookSecret> adminSecrets;
    private final List<WebhookSecret> connectSecrets;
    private final List<WebhookSecret> oauthSecrets;
    private final JiraJwt jwt;

    JiraVerifier(String webhookSecret, String clientSecret, Clock clock) {
        this.adminSecrets = WebhookSecret.fallbackIfSet(webhookSecret);
        this.connectSecrets = WebhookSecret.fallbackIfSet(clientSecret);
        this.oauthSecrets = WebhookSecret.appIfSet(clientSecret);
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
        Optional<JiraJwt.Presented> token = JiraJwt.token(authorizations.get(0));
        return token.map(t -> jwt.verify(t, request, secrets,
                        t.kind() == JiraJwt.Kind.CONNECT ? connectSecrets : oauthSecrets))
                .orElseGet(() -> Verification.rejected("Authorization is neither JWT nor Bearer"));
    }

    private Verification signature(List<String> values, byte[] body, WebhookSecrets secrets) {
        if (values.size() != 1) {
            return Verification.rejected("expected exactly one " + SIGNATURE_HEADER);
        }
        return SIGNATURE.verify(values.get(0), body, adminSecrets, secrets);
    }

    @Override
    public String toString() {
        return "JiraVerifier[configured secrets redacted]";
    }
}
