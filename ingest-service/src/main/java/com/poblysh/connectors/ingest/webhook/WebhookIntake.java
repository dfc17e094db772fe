package com.poblysh.connectors.ingest.webhook;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import com.poblysh.connectors.common.identity.ExternalIdentity;
import com.poblysh.connectors.common.tenancy.EventIds;
import com.poblysh.connectors.common.tenancy.TenantId;
import com.poblysh.connectors.common.web.ApiException;
import com.poblysh.connectors.common.web.ProblemCode;
import com.poblysh.connectors.ingest.connections.ConnectionOperations;
import com.poblysh.connectors.ingest.connections.TenantConnection;
import com.poblysh.connectors.ingest.connections.WebhookConnections;
import com.poblysh.connectors.ingest.kafka.RawEventPublisher;
import com.poblysh.connectors.schemas.avro.EventSource;
import com.poblysh.connectors.schemas.avro.RawEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.dao.DataAccessException;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * What happens to a webhook once its body is read: credentials on the raw bytes, media type, JSON, the provider's
 * reading of events, the binding of every delivery to a connection ({@link ConnectionBinder}), then publishing.
 * Every check of a request passes before anything of it is published or acted on.
 */
@Component
@EnableConfigurationProperties(WebhookAttributionProperties.class)
class WebhookIntake {

    private static final Logger log = LoggerFactory.getLogger(WebhookIntake.class);
    /** Audit actor of revocations a provider announced. */
    private static final String PROVIDER_ACTOR = "provider:";

    private final WebhookConnections connections;
    private final ConnectionOperations operations;
    private final RawEventPublisher publisher;
    private final WebhookMetrics metrics;
    private final JsonBodies bodies;
    private final boolean fallbackAllowed;

    WebhookIntake(WebhookConnections connections, ConnectionOperations operations, RawEventPublisher publisher,
            WebhookMetrics metrics, JsonMapper json, WebhookAttributionProperties attribution) {
        this.connections = connections;
        this.operations = operations;
        this.publisher = publisher;
        this.metrics = metrics;
        this.bodies = new JsonBodies(json);
        this.fallbackAllowed = attribution.allowFallbackSecrets();
    }

    /**
     * A request for {@code tenant}: verified with the provider's scheme unless {@code operator} admits it, each
     * delivery bound to one of the tenant's connections.
     *
     * @param operator {@link Verification#operator} when a valid operator token came with it, else null
     */
    ResponseEntity<?> tenantRequest(WebhookProvider provider, TenantId tenant, Verification operator, RawWebhook raw) {
        RequestConnections tenantConnections = new RequestConnections(tenant, provider.provider(), connections);
        WebhookSecrets secrets = new WebhookSecrets(tenantConnections, fallbackAllowed);
        ConnectionBinder binder = new ConnectionBinder(tenantConnections);
        Verification verification = operator != null ? operator : provider.verifier().verify(raw, secrets);
        refuseUnless(provider, tenant, verification);
        WebhookReception reception = receive(provider, tenant, raw, verification, secrets, binder);
        List<Routed> routed = new ArrayList<>();
        for (WebhookDelivery delivery : reception.deliveries()) {
            routed.add(new Routed(delivery, tenant, delivery.handshake() ? null
                    : connectionOf(provider, tenant, delivery, verification, binder)));
        }
        return publish(provider, reception, routed, raw);
    }

    /**
     * A request to the provider's app-wide URL ({@link WebhookProvider#hasAppUrl()}): verified with the app's
     * credential alone, each delivery going to every tenant whose active connection is bound to what it names.
     */
    ResponseEntity<?> appRequest(WebhookProvider provider, RawWebhook raw) {
        RequestConnections none = RequestConnections.none();
        // no tenant, so no connection secret and no fallback: only the app's own credential can say it is genuine
        WebhookSecrets secrets = new WebhookSecrets(none, false);
        Verification verification = provider.verifier().verify(raw, secrets);
        refuseUnless(provider, null, verification);
        WebhookReception reception = receive(provider, null, raw, verification, secrets, new ConnectionBinder(none));
        List<Routed> routed = new ArrayList<>();
        for (WebhookDelivery delivery : reception.deliveries()) {
            if (delivery.handshake()) {
                routed.add(new Routed(delivery, null, null));
                continue;
            }
            List<TenantConnection> targets = targets(provider, delivery, verification);
            if (targets.isEmpty()) {
                routed.add(unbound(provider, null, delivery));
            }
            targets.forEach(t -> routed.add(new Routed(delivery, t.tenant(), t.connection().id())));
        }
        return publish(provider, reception, routed, raw);
    }

    private void refuseUnless(WebhookProvider provider, TenantId tenant, Verification verification) {
        if (verification.isRejected()) {
            log.debug("{} webhook for tenant {} refused: {}", provider.provider(), tenant, verification.reason());
            throw invalidSignature();
        }
    }

    private WebhookReception receive(WebhookProvider provider, TenantId tenant, RawWebhook raw,
            Verification verification, WebhookSecrets secrets, ConnectionBinder binder) {
        JsonBodies.requireJson(raw.headers());
        WebhookReception reception = provider.receive(new WebhookRequest(tenant, raw.headers(), raw.body(),
                bodies.read(raw.body(), provider.readsBody()), verification, secrets, binder));
        if (reception.rejectedItems() > 0) {
            metrics.rejectedItems(provider.provider(), reception.rejectedItems());
        }
        return reception;
    }

    private UUID connectionOf(WebhookProvider provider, TenantId tenant, WebhookDelivery delivery,
            Verification verification, ConnectionBinder binder) {
        if (delivery.connectionId() != null) {
            return delivery.connectionId(); // bound by its provider, item by item
        }
        if (verification.isOperator()) {
            return binder.attribute(verification, delivery.named(), delivery.required()).orElse(null);
        }
        Optional<UUID> bound = verification.isPerItem() ? Optional.empty()
                : binder.bind(verification, delivery.named(), delivery.required());
        return bound.orElseGet(() -> unbound(provider, tenant, delivery).connection());
    }

    /** A delivery no connection qualifies for: refused, unless it revokes (then there is nothing left to revoke). */
    private Routed unbound(WebhookProvider provider, TenantId tenant, WebhookDelivery delivery) {
        if (delivery.kind() == WebhookDelivery.Kind.REVOCATION) {
            log.info("{} {} for tenant {} names no active connection ({}); nothing to revoke", provider.provider(),
                    delivery.eventType(), tenant, delivery.named());
            return new Routed(delivery, tenant, null);
        }
        log.debug("{} delivery {} for tenant {} is bound to no connection: names {}, requires {}",
                provider.provider(), delivery.deliveryId(), tenant, delivery.named(), delivery.required());
        throw invalidSignature();
    }

    private List<TenantConnection> targets(WebhookProvider provider, WebhookDelivery delivery,
            Verification verification) {
        Set<ExternalIdentity> required = new LinkedHashSet<>(delivery.required());
        required.addAll(verification.requiredIdentities());
        try {
            return connections.boundTo(provider.provider(), delivery.named()).stream()
                    .filter(t -> ConnectionBinder.qualifies(t.connection(), delivery.named(), required)).toList();
        } catch (DataAccessException e) {
            log.warn("Could not look up the {} connections bound to {}: {}", provider.provider(), delivery.named(),
                    e.getMostSpecificCause().toString());
            throw RequestConnections.unavailable();
        }
    }

    private ResponseEntity<?> publish(WebhookProvider provider, WebhookReception reception, List<Routed> routed,
            RawWebhook raw) {
        Set<UUID> eventIds = new LinkedHashSet<>();
        List<RawEvent> events = new ArrayList<>();
        List<Routed> revocations = new ArrayList<>();
        for (Routed r : routed) {
            UUID eventId = EventIds.eventId(provider.provider(), r.delivery().deliveryId());
            eventIds.add(eventId);
            switch (r.delivery().kind()) {
                case EVENT -> events.add(rawEvent(eventId, r, provider, raw));
                case REVOCATION -> {
                    if (r.connection() != null) {
                        revocations.add(r);
                    }
                }
                case HANDSHAKE -> {
                    // acknowledged, nothing published
                }
            }
        }
        if (events.size() == 1) {
            publisher.publish(events.get(0));
        } else if (!events.isEmpty()) {
            publisher.publishAll(events);
        }
        for (Routed r : revocations) {
            boolean revoked = operations.revoke(r.tenant(), provider.provider(), r.connection(),
                    PROVIDER_ACTOR + provider.provider().id(), r.delivery().eventType());
            connections.forget(r.tenant(), provider.provider());
            log.info("{} {}: connection {} of tenant {} {}", provider.provider(), r.delivery().eventType(),
                    r.connection(), r.tenant(), revoked ? "revoked" : "was already revoked");
        }
        if (events.isEmpty()) {
            // Handshakes (GitHub's ping, Slack's url_verification) and revocations prove the endpoint works or change
            // a connection, but carry no activity: nothing is published, so the processor never sees a record it
            // would only have to skip.
            metrics.handshake(provider.provider());
        } else {
            metrics.accepted(provider.provider());
        }
        return reception.reply() != null ? WebhookController.reply(reception.reply())
                : ResponseEntity.accepted().contentType(MediaType.APPLICATION_JSON)
                        .body(acceptedBody(List.copyOf(eventIds)));
    }

    private static RawEvent rawEvent(UUID eventId, Routed routed, WebhookProvider provider, RawWebhook raw) {
        Map<String, String> kept = RawEventHeaders.keep(raw.headers(), provider.keptHeaders());
        WebhookDelivery delivery = routed.delivery();
        return RawEvent.newBuilder()
                .setEventId(eventId)
                .setTenantId(routed.tenant().value())
                .setProvider(provider.provider().id())
                .setConnectionId(routed.connection())
                .setSource(EventSource.webhook)
                .setEventType(delivery.eventType())
                .setDeliveryId(delivery.deliveryId())
                // the schema stores microseconds; truncating here keeps the published value equal to this one
                .setReceivedAt(Instant.now().truncatedTo(ChronoUnit.MICROS))
                .setHeaders(kept)
                .setPayload(ByteBuffer.wrap(delivery.payload() != null ? delivery.payload() : raw.body()))
                .build();
    }

    static ApiException invalidSignature() {
        return new ApiException(ProblemCode.INVALID_SIGNATURE, "webhook signature is missing or invalid");
    }

    /**
     * The 202 answer: {@code {"status":"accepted","event_id":"<uuid>"}} for one event, and
     * {@code {"status":"accepted","event_ids":[...]}} for a batch (Microsoft Graph) of any other size. Written by
     * hand because it is on every webhook's path and holds nothing but UUIDs, which need no escaping.
     */
    static byte[] acceptedBody(List<UUID> ids) {
        StringBuilder json = new StringBuilder(64 + 40 * ids.size()).append("{\"status\":\"accepted\",");
        if (ids.size() == 1) {
            json.append("\"event_id\":\"").append(ids.get(0)).append("\"}");
        } else {
            json.append("\"event_ids\":[");
            for (int i = 0; i < ids.size(); i++) {
                json.append(i == 0 ? "\"" : ",\"").append(ids.get(i)).append('"');
            }
            json.append("]}");
        }
        return json.toString().getBytes(StandardCharsets.US_ASCII);
    }

    /** A delivery with the tenant and connection it goes to (null connection: handshake, or an operator's replay). */
    private record Routed(WebhookDelivery delivery, TenantId tenant, UUID connection) {
    }
}
