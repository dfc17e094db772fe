package com.poblysh.connectors.ingest.webhook;

import com.poblysh.connectors.common.tenancy.TenantId;
import org.springframework.http.HttpHeaders;
import tools.jackson.databind.JsonNode;

/**
 * An authenticated webhook request whose body is valid JSON, as {@link WebhookProvider#receive} gets it.
 *
 * @param tenant       the tenant of the path; null on a provider's app-wide URL, whose tenants come from the
 *                     identities each delivery names
 * @param headers      the request headers
 * @param rawBody      the body bytes exactly as received
 * @param body         the body, parsed (a missing node for providers that do not read it)
 * @param verification how the request was authenticated
 * @param secrets      the candidate secrets, for schemes that authenticate per item ({@link Verification#perItem()})
 * @param binder       the tenant's connections, for schemes that bind per item
 */
public record WebhookRequest(TenantId tenant, HttpHeaders headers, byte[] rawBody, JsonNode body,
        Verification verification, WebhookSecrets secrets, ConnectionBinder binder) {
}
