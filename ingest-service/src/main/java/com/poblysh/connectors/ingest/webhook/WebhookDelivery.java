package com.poblysh.connectors.ingest.webhook;

import java.util.Objects;
import java.util.UUID;

/**
 * One event a request carries: the provider's event name, its delivery id (the dedupe key the event id is derived
 * from) and, when it is not the whole raw body, its own payload.
 *
 * @param eventType    provider event name, e.g. {@code pull_request}, {@code message}, {@code jira:issue_updated}
 * @param deliveryId   provider delivery id, e.g. GitHub's {@code X-GitHub-Delivery} GUID or Slack's {@code event_id}
 * @param handshake    a provider handshake (GitHub {@code ping}) that is acknowledged but carries no activity, so
 *                     nothing is published for it
 * @param payload      the raw event's payload; null means the request's raw body, byte for byte
 * @param connectionId the connection the event belongs to; null means the one whose secret verified the request
 */
public record WebhookDelivery(String eventType, String deliveryId, boolean handshake, byte[] payload,
        UUID connectionId) {

    public WebhookDelivery {
        Objects.requireNonNull(eventType, "eventType");
        Objects.requireNonNull(deliveryId, "deliveryId");
    }

    /** A delivery that becomes a raw event holding the raw body. */
    public static WebhookDelivery event(String eventType, String deliveryId) {
        return new WebhookDelivery(eventType, deliveryId, false, null, null);
    }

    /** A handshake that is acknowledged with its event id and not published. */
    public static WebhookDelivery handshake(String eventType, String deliveryId) {
        return new WebhookDelivery(eventType, deliveryId, true, null, null);
    }

    /** The same delivery with its own payload instead of the raw body (one item of a batch, a redacted body). */
    public WebhookDelivery withPayload(byte[] ownPayload) {
        return new WebhookDelivery(eventType, deliveryId, handshake, Objects.requireNonNull(ownPayload), connectionId);
    }

    /** The same delivery attributed to {@code connection}. */
    public WebhookDelivery withConnection(UUID connection) {
        return new WebhookDelivery(eventType, deliveryId, handshake, payload, connection);
    }
}
