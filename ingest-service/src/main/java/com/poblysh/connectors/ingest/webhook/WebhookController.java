package com.poblysh.connectors.ingest.webhook;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.poblysh.connectors.common.tenancy.EventIds;
import com.poblysh.connectors.common.tenancy.TenantId;
import com.poblysh.connectors.common.tenancy.Uuids;
import com.poblysh.connectors.common.web.ApiException;
import com.poblysh.connectors.common.web.ProblemCode;
import com.poblysh.connectors.common.web.TenantRequests;
import com.poblysh.connectors.ingest.IngestProperties;
import com.poblysh.connectors.ingest.kafka.RawEventPublisher;
import com.poblysh.connectors.schemas.avro.EventSource;
import com.poblysh.connectors.schemas.avro.RawEvent;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpHeaders;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.MissingNode;

/**
 * {@code POST /webhooks/{provider}/{tenant_id}}: the public entry of provider webhooks. Checks run cheapest and
 * least trusting first (provider, tenant id, size, signature on the raw bytes, media type, JSON, delivery headers),
 * and the answer 202 is given only after Kafka acknowledged the raw event.
 */
@RestController
class WebhookController {

    private final WebhookProviders providers;
    private final TenantRequests tenants;
    private final RawEventPublisher publisher;
    private final WebhookMetrics metrics;
    private final JsonMapper json;
    private final int maxBodyBytes;

    WebhookController(WebhookProviders providers, TenantRequests tenants, RawEventPublisher publisher,
            WebhookMetrics metrics, JsonMapper json, IngestProperties properties) {
        this.providers = providers;
        this.tenants = tenants;
        this.publisher = publisher;
        this.metrics = metrics;
        this.json = json;
        this.maxBodyBytes = (int) properties.maxBodyBytes().toBytes();
    }

    @PostMapping("/webhooks/{provider}/{tenant_id}")
    ResponseEntity<Accepted> receive(@PathVariable("provider") String providerId,
            @PathVariable("tenant_id") String tenantId, @RequestHeader HttpHeaders headers,
            HttpServletRequest request) throws IOException {
        String metricsProvider = WebhookMetrics.UNKNOWN_PROVIDER;
        try {
            WebhookProvider provider = providers.find(providerId)
                    .orElseThrow(() -> ApiException.notFound("webhook provider"));
            metricsProvider = provider.provider().id();
            TenantId tenant = tenant(tenantId);
            byte[] body = BoundedBody.read(request.getInputStream(), request.getContentLengthLong(), maxBodyBytes);
            // An operator token stands in for the provider's signature (manual replays, tests against a stage).
            if (tenants.operator(request).isEmpty()
                    && provider.verifier().verify(body, headers) != WebhookVerifier.Verification.VERIFIED) {
                throw new ApiException(ProblemCode.INVALID_SIGNATURE, "webhook signature is missing or invalid");
            }
            requireJson(headers);
            WebhookDelivery delivery = provider.describe(headers,
                    provider.readsBody() ? parse(body) : requireJsonDocument(body));
            UUID eventId = EventIds.eventId(provider.provider().id(), delivery.deliveryId());
            if (delivery.handshake()) {
                // GitHub's ping (and later Slack's url_verification and the like) proves the endpoint works but
                // carries no activity: it is acknowledged with its event id and nothing is published, so the
                // processor never sees a record it would only have to skip.
                metrics.handshake(metricsProvider);
                return ResponseEntity.accepted().body(new Accepted(eventId));
            }
            publisher.publish(rawEvent(eventId, tenant, provider, delivery, headers, body));
            metrics.accepted(metricsProvider);
            return ResponseEntity.accepted().body(new Accepted(eventId));
        } catch (ApiException e) {
            metrics.rejected(metricsProvider, e.code());
            throw e;
        }
    }

    private static TenantId tenant(String text) {
        if (!Uuids.isCanonical(text)) {
            throw ApiException.validation("tenant_id", "tenant_id must be a UUID");
        }
        return TenantId.parse(text);
    }

    private static void requireJson(HttpHeaders headers) {
        MediaType type;
        try {
            type = headers.getContentType();
        } catch (InvalidMediaTypeException e) {
            type = null;
        }
        boolean json = type != null && "application".equals(type.getType())
                && ("json".equals(type.getSubtype()) || type.getSubtype().endsWith("+json"));
        if (!json) {
            throw new ApiException(ProblemCode.UNSUPPORTED_MEDIA_TYPE,
                    "webhook bodies must be sent as application/json");
        }
    }

    private JsonNode parse(byte[] body) {
        JsonNode node;
        try {
            node = json.readTree(body);
        } catch (JacksonException e) {
            node = null;
        }
        if (node == null || node.isMissingNode()) {
            throw ApiException.validation("body", "request body is not valid JSON");
        }
        return node;
    }

    /** The same check as {@link #parse}, token by token, for providers that do not read the tree. */
    private JsonNode requireJsonDocument(byte[] body) {
        boolean valid;
        try (JsonParser parser = json.createParser(body)) {
            valid = parser.nextToken() != null;
            parser.skipChildren();
            if (valid && json.isEnabled(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)) {
                valid = parser.nextToken() == null;
            }
        } catch (JacksonException e) {
            valid = false;
        }
        if (!valid) {
            throw ApiException.validation("body", "request body is not valid JSON");
        }
        return MissingNode.getInstance();
    }

    private static RawEvent rawEvent(UUID eventId, TenantId tenant, WebhookProvider provider,
            WebhookDelivery delivery, HttpHeaders headers, byte[] body) {
        Map<String, String> kept = RawEventHeaders.keep(headers, provider.keptHeaders());
        return RawEvent.newBuilder()
                .setEventId(eventId)
                .setTenantId(tenant.value())
                .setProvider(provider.provider().id())
                .setConnectionId(null)
                .setSource(EventSource.webhook)
                .setEventType(delivery.eventType())
                .setDeliveryId(delivery.deliveryId())
                // the schema stores microseconds; truncating here keeps the published value equal to this one
                .setReceivedAt(Instant.now().truncatedTo(ChronoUnit.MICROS))
                .setHeaders(kept)
                .setPayload(ByteBuffer.wrap(body))
                .build();
    }

    /** The 202 answer: {@code {"status":"accepted","event_id":"<uuid>"}}. */
    record Accepted(@JsonProperty("status") String status, @JsonProperty("event_id") UUID eventId) {

        Accepted(UUID eventId) {
            this("accepted", eventId);
        }
    }
}
