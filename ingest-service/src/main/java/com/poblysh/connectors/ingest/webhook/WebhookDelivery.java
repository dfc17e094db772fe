package com.poblysh.connectors.ingest.webhook;

import java.util.Objects;

/**
 * What a verified delivery is: the provider's event name and its delivery id (the dedupe key the event id is
 * derived from).
 *
 * @param eventType  provider event name, e.g. {@code pull_request}
 * @param deliveryId provider delivery id, e.g. GitHub's {@code X-GitHub-Delivery} GUID
 * @param handshake  a provider handshake (GitHub {@code ping}) that is acknowledged but carries no activity, so
 *                   nothing is published for it
 */
public record WebhookDelivery(String eventType, String deliveryId, boolean handshake) {

    public WebhookDelivery {
        Objects.requireNonNull(eventType, "eventType");
        Objects.requireNonNull(deliveryId, "deliveryId");
    }

    /** A delivery that becomes a raw event. */
    public static WebhookDelivery event(String eventType, String deliveryId) {
        return new WebhookDelivery(eventType, deliveryId, false);
    }

    /** A handshake that is acknowledged and not published. */
    public static WebhookDelivery handshake(String eventType, String deliveryId) {
        return new WebhookDelivery(eventType, deliveryId, true);
    }
}
