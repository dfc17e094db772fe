package com.poblysh.connectors.ingest.webhook;

import java.util.List;

/**
 * What a provider makes of an authenticated request: the deliveries to publish (one for most providers, one per
 * notification for Microsoft Graph), handshakes to acknowledge, and optionally an answer of its own.
 *
 * @param deliveries    in request order; handshakes among them are acknowledged, not published
 * @param reply         the provider's own answer, or null for {@code 202 {"status":"accepted", ...}}
 * @param rejectedItems items of a batch that failed their own authentication and were dropped (counted)
 */
public record WebhookReception(List<WebhookDelivery> deliveries, WebhookReply reply, int rejectedItems) {

    public WebhookReception {
        deliveries = List.copyOf(deliveries);
    }

    /** One delivery, answered 202 with its event id. */
    public static WebhookReception of(WebhookDelivery delivery) {
        return new WebhookReception(List.of(delivery), null, 0);
    }

    /** Several deliveries (a batch), answered 202 with their event ids. */
    public static WebhookReception of(List<WebhookDelivery> deliveries, int rejectedItems) {
        return new WebhookReception(deliveries, null, rejectedItems);
    }

    /** Nothing to publish; the provider's own answer (a handshake such as Slack's challenge). */
    public static WebhookReception reply(WebhookReply reply) {
        return new WebhookReception(List.of(), reply, 0);
    }
}
