package com.poblysh.connectors.ingest.webhook;

/**
 * Authenticates one provider's webhook requests from the raw body bytes, the request line and the headers, before
 * anything parses the body. A verifier without any secret (no connection secret, no configured one) must reject: the
 * public path is then closed, never "verification skipped".
 */
@FunctionalInterface
public interface WebhookVerifier {

    /**
     * Whether {@code request} carries valid credentials of this provider's scheme.
     *
     * @param secrets the tenant's connection secrets; a verifier adds its configured fallback via
     *                {@link WebhookSecrets#find}
     */
    Verification verify(RawWebhook request, WebhookSecrets secrets);
}
