package com.poblysh.connectors.ingest.webhook;

import java.util.UUID;

import com.poblysh.connectors.common.tenancy.TenantId;
import org.springframework.http.HttpHeaders;
import tools.jackson.databind.JsonNode;

/**
 * An authenticated webhook request whose body is valid JSON, as {@link WebhookProvider#receive} gets it.
 *
 * @param tenant       the tenant of the path
 * @param headers      the request headers
 * @param rawBody      the body bytes exactly as received
 * @param body         the body, parsed
 * @param verification how the request was authenticated
 * @param secrets      the candidate secrets, for schemes that authenticate per item ({@link Verification#perItem()})
 */
public record WebhookRequest(TenantId tenant, HttpHeaders headers, byte[] rawBody, JsonNode body,
        Verification verification, WebhookSecrets secrets) {

    /** The connection whose secret verified the whole request, or null. */
    public UUID connectionId() {
        return verification.connectionId();
    }
}
