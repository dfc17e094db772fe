package com.poblysh.connectors.ingest.webhook;

import org.springframework.http.HttpHeaders;

/**
 * Authenticates one provider's webhook deliveries from the raw body bytes and the request headers, before anything
 * parses the body. A verifier without a configured secret must answer {@link Verification#INVALID_SIGNATURE}: the
 * public path is then closed, never "verification skipped".
 */
@FunctionalInterface
public interface WebhookVerifier {

    /** Whether {@code rawBody} carries a valid signature of this provider's scheme. */
    Verification verify(byte[] rawBody, HttpHeaders headers);

    /** The outcome of a signature check; every failure reads the same to the caller, so none leaks why. */
    enum Verification {
        VERIFIED,
        INVALID_SIGNATURE
    }
}
