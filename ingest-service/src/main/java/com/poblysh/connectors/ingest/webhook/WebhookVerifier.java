package com.poblysh.connectors.ingest.webhook;

import org.springframework.http.HttpHeaders;

/**
 * Authenticates one provider's webhook requests from the raw body bytes and the request headers, before anything
 * parses the body. A verifier without any secret (no connection secret, no configured one) must reject: the public
 * path is then closed, never "verification skipped".
 */
@FunctionalInterface
public interface WebhookVerifier {

    /**
     * Whether {@code rawBody} carries valid credentials of this provider's scheme.
     *
     * @param secrets the tenant's connection secrets; a verifier adds its configured fallback via
     *                {@link WebhookSecrets#find}
     */
    Verification verify(byte[] rawBody, HttpHeaders headers, WebhookSecrets secrets);
}
