package com.poblysh.connectors.ingest.webhook;

import java.util.Collection;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

import com.poblysh.connectors.common.identity.ExternalIdentity;

/**
 * One event a request carries: the provider's event name, its delivery id (the dedupe key the event id is derived
 * from), what it is ({@link Kind}), the identities it names (to bind it to a connection) and, when it is not the
 * whole raw body, its own payload.
 *
 * @param eventType    provider event name, e.g. {@code pull_request}, {@code message}, {@code jira:issue_updated}
 * @param deliveryId   provider delivery id, e.g. GitHub's {@code X-GitHub-Delivery} GUID or Slack's {@code event_id}
 * @param kind         an event to publish, a handshake to acknowledge, or a revocation to apply
 * @param payload      the raw event's payload; null means the request's raw body, byte for byte
 * @param connectionId the connection the provider already bound it to (per-item schemes), else null: the endpoint
 *                     binds it from {@code named} and {@code required}
 * @param named        identities the payload names (repository, organization, team, site, subscription, ...); the
 *                     connection must be bound to at least one
 * @param required     identities the connection must be bound to, every one (Slack's {@code api_app_id})
 */
public record WebhookDelivery(String eventType, String deliveryId, Kind kind, byte[] payload, UUID connectionId,
        Set<ExternalIdentity> named, Set<ExternalIdentity> required) {

    /** What a delivery asks of the endpoint. */
    public enum Kind {
        /** Bound to a connection and published as a raw event. */
        EVENT,
        /** Acknowledged with its event id; nothing is published and no connection is needed (GitHub's ping). */
        HANDSHAKE,
        /**
         * The provider says the connection's access is gone (Slack's {@code app_uninstalled}): the bound connection
         * is marked revoked and nothing is published; bound to none, it is acknowledged and nothing happens.
         */
        REVOCATION
    }

    public WebhookDelivery {
        Objects.requireNonNull(eventType, "eventType");
        Objects.requireNonNull(deliveryId, "deliveryId");
        Objects.requireNonNull(kind, "kind");
        named = Set.copyOf(named);
        required = Set.copyOf(required);
    }

    /** A delivery that becomes a raw event holding the raw body. */
    public static WebhookDelivery event(String eventType, String deliveryId) {
        return new WebhookDelivery(eventType, deliveryId, Kind.EVENT, null, null, Set.of(), Set.of());
    }

    /** A handshake that is acknowledged with its event id and not published. */
    public static WebhookDelivery handshake(String eventType, String deliveryId) {
        return new WebhookDelivery(eventType, deliveryId, Kind.HANDSHAKE, null, null, Set.of(), Set.of());
    }

    /** The provider revoked the app's access to the account the delivery names. */
    public static WebhookDelivery revocation(String eventType, String deliveryId) {
        return new WebhookDelivery(eventType, deliveryId, Kind.REVOCATION, null, null, Set.of(), Set.of());
    }

    /** Whether it is acknowledged without being published or bound. */
    public boolean handshake() {
        return kind == Kind.HANDSHAKE;
    }

    /** The same delivery with its own payload instead of the raw body (one item of a batch, a redacted body). */
    public WebhookDelivery withPayload(byte[] ownPayload) {
        return new WebhookDelivery(eventType, deliveryId, kind, Objects.requireNonNull(ownPayload), connectionId,
                named, required);
    }

    /** The same delivery, already bound to {@code connection} by its provider. */
    public WebhookDelivery withConnection(UUID connection) {
        return new WebhookDelivery(eventType, deliveryId, kind, payload, connection, named, required);
    }

    /** The same delivery naming {@code identities} (at least one must be bound). */
    public WebhookDelivery naming(Collection<ExternalIdentity> identities) {
        return new WebhookDelivery(eventType, deliveryId, kind, payload, connectionId, Set.copyOf(identities),
                required);
    }

    /** The same delivery requiring {@code identities} (every one must be bound). */
    public WebhookDelivery requiring(Collection<ExternalIdentity> identities) {
        return new WebhookDelivery(eventType, deliveryId, kind, payload, connectionId, named,
                Set.copyOf(identities));
    }
}
