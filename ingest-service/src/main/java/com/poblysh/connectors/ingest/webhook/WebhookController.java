package com.poblysh.connectors.ingest.webhook;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import com.poblysh.connectors.common.provider.Provider;
import com.poblysh.connectors.common.tenancy.EventIds;
import com.poblysh.connectors.common.tenancy.TenantId;
import com.poblysh.connectors.common.tenancy.Uuids;
import com.poblysh.connectors.common.web.ApiException;
import com.poblysh.connectors.common.web.ProblemCode;
import com.poblysh.connectors.common.web.TenantRequests;
import com.poblysh.connectors.ingest.IngestProperties;
import com.poblysh.connectors.ingest.connections.ConnectionSecrets;
import com.poblysh.connectors.ingest.kafka.RawEventPublisher;
import com.poblysh.connectors.schemas.avro.EventSource;
import com.poblysh.connectors.schemas.avro.RawEvent;
import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.UriComponentsBuilder;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.MissingNode;

/**
 * {@code POST /webhooks/{provider}/{tenant_id}}: the public entry of provider webhooks. Checks run cheapest and
 * least trusting first (provider, tenant id, credential-free handshakes, size, credentials on the raw bytes, media
 * type, JSON, the provider's own reading), and the answer 202 is given only after Kafka acknowledged every raw
 * event of the request.
 */
@RestController
class WebhookController {

    private static final Logger log = LoggerFactory.getLogger(WebhookController.class);

    private final WebhookProviders providers;
    private final TenantRequests tenants;
    private final ConnectionSecrets connectionSecrets;
    private final RawEventPublisher publisher;
    private final WebhookMetrics metrics;
    private final JsonMapper json;
    private final int maxBodyBytes;

    WebhookController(WebhookProviders providers, TenantRequests tenants, ConnectionSecrets connectionSecrets,
            RawEventPublisher publisher, WebhookMetrics metrics, JsonMapper json, IngestProperties properties) {
        this.providers = providers;
        this.tenants = tenants;
        this.connectionSecrets = connectionSecrets;
        this.publisher = publisher;
        this.metrics = metrics;
        this.json = json;
        this.maxBodyBytes = (int) properties.maxBodyBytes().toBytes();
    }

    @PostMapping("/webhooks/{provider}/{tenant_id}")
    ResponseEntity<?> receive(@PathVariable("provider") String providerId,
            @PathVariable("tenant_id") String tenantId, @RequestHeader HttpHeaders headers,
            HttpServletRequest request) throws IOException {
        Provider metricsProvider = null;
        try {
            WebhookProvider provider = providers.find(providerId)
                    .orElseThrow(() -> ApiException.notFound("webhook provider"));
            metricsProvider = provider.provider();
            TenantId tenant = tenant(tenantId);
            Optional<WebhookReply> preflight = provider.preflight(headers, query(request));
            if (preflight.isPresent()) {
                metrics.handshake(metricsProvider);
                return reply(preflight.get());
            }
            byte[] body = BoundedBody.read(request.getInputStream(), request.getContentLengthLong(), maxBodyBytes);
            WebhookSecrets secrets = new WebhookSecrets(tenant, provider.provider(), connectionSecrets);
            // An operator token stands in for the provider's credentials (manual replays, tests against a stage).
            Verification verification = tenants.operator(request).isPresent() ? Verification.operator()
                    : provider.verifier().verify(new RawWebhook(request.getMethod(), request.getRequestURI(),
                            request.getQueryString(), headers, body), secrets);
            if (verification.isRejected()) {
                log.debug("{} webhook for tenant {} refused: {}", metricsProvider, tenant, verification.reason());
                throw invalidSignature();
            }
            requireJson(headers);
            WebhookReception reception = provider.receive(
                    new WebhookRequest(tenant, headers, body,
                            provider.readsBody() ? parse(body) : requireJsonDocument(body), verification, secrets));
            if (reception.rejectedItems() > 0) {
                metrics.rejectedItems(metricsProvider, reception.rejectedItems());
            }
            List<UUID> eventIds = new ArrayList<>();
            List<RawEvent> events = new ArrayList<>();
            for (WebhookDelivery delivery : reception.deliveries()) {
                UUID eventId = EventIds.eventId(provider.provider(), delivery.deliveryId());
                eventIds.add(eventId);
                if (!delivery.handshake()) {
                    events.add(rawEvent(eventId, tenant, provider, delivery, verification, headers, body));
                }
            }
            if (events.size() == 1) {
                publisher.publish(events.get(0));
            } else if (!events.isEmpty()) {
                publisher.publishAll(events);
            }
            if (events.isEmpty()) {
                // Handshakes (GitHub's ping, Slack's url_verification) prove the endpoint works but carry no
                // activity: nothing is published, so the processor never sees a record it would only have to skip.
                metrics.handshake(metricsProvider);
            } else {
                metrics.accepted(metricsProvider);
            }
            return reception.reply() != null ? reply(reception.reply())
                    : ResponseEntity.accepted().contentType(MediaType.APPLICATION_JSON).body(acceptedBody(eventIds));
        } catch (ApiException e) {
            metrics.rejected(metricsProvider, e.code());
            throw e;
        }
    }

    static ApiException invalidSignature() {
        return new ApiException(ProblemCode.INVALID_SIGNATURE, "webhook signature is missing or invalid");
    }

    private static TenantId tenant(String text) {
        if (!Uuids.isCanonical(text)) {
            throw ApiException.validation("tenant_id", "tenant_id must be a UUID");
        }
        return TenantId.parse(text);
    }

    /** The query string's parameters only: reading servlet parameters could consume a form-encoded body. */
    private static MultiValueMap<String, String> query(HttpServletRequest request) {
        String query = request.getQueryString();
        if (query == null || query.isEmpty()) {
            return new LinkedMultiValueMap<>();
        }
        try {
            return UriComponentsBuilder.newInstance().query(query).build(false).getQueryParams().entrySet()
                    .stream().collect(LinkedMultiValueMap::new,
                            (map, e) -> e.getValue().forEach(v -> map.add(decode(e.getKey()), decode(v))),
                            LinkedMultiValueMap::addAll);
        } catch (IllegalArgumentException e) {
            throw ApiException.validation("query", "query string is malformed");
        }
    }

    private static String decode(String value) {
        return value == null ? "" : java.net.URLDecoder.decode(value, java.nio.charset.StandardCharsets.UTF_8);
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

    private static ResponseEntity<?> reply(WebhookReply reply) {
        return ResponseEntity.status(reply.status()).contentType(reply.contentType())
                .header("X-Content-Type-Options", "nosniff").body(reply.body());
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
            WebhookDelivery delivery, Verification verification, HttpHeaders headers, byte[] body) {
        Map<String, String> kept = RawEventHeaders.keep(headers, provider.keptHeaders());
        UUID connection = delivery.connectionId() != null ? delivery.connectionId() : verification.connectionId();
        return RawEvent.newBuilder()
                .setEventId(eventId)
                .setTenantId(tenant.value())
                .setProvider(provider.provider().id())
                .setConnectionId(connection)
                .setSource(EventSource.webhook)
                .setEventType(delivery.eventType())
                .setDeliveryId(delivery.deliveryId())
                // the schema stores microseconds; truncating here keeps the published value equal to this one
                .setReceivedAt(Instant.now().truncatedTo(ChronoUnit.MICROS))
                .setHeaders(kept)
                .setPayload(ByteBuffer.wrap(delivery.payload() != null ? delivery.payload() : body))
                .build();
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
        return json.toString().getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }
}
