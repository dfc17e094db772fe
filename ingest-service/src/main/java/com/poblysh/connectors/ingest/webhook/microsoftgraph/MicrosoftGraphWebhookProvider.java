package com.poblysh.connectors.ingest.webhook.microsoftgraph;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

import com.poblysh.connectors.common.crypto.ConstantTime;
import com.poblysh.connectors.common.identity.ExternalIdentity;
import com.poblysh.connectors.common.identity.IdentityKind;
import com.poblysh.connectors.common.provider.Provider;
import com.poblysh.connectors.common.tenancy.TenantId;
import com.poblysh.connectors.common.web.ApiException;
import com.poblysh.connectors.common.web.ProblemCode;
import com.poblysh.connectors.ingest.connections.ConnectionOperations;
import com.poblysh.connectors.ingest.webhook.Verification;
import com.poblysh.connectors.ingest.webhook.WebhookDelivery;
import com.poblysh.connectors.ingest.webhook.WebhookProvider;
import com.poblysh.connectors.ingest.webhook.WebhookReception;
import com.poblysh.connectors.ingest.webhook.WebhookReply;
import com.poblysh.connectors.ingest.webhook.WebhookRequest;
import com.poblysh.connectors.ingest.webhook.WebhookSecret;
import com.poblysh.connectors.ingest.webhook.WebhookVerifier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.util.MultiValueMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Microsoft Graph change notifications.
 * <ul>
 * <li>{@code ?validationToken=} (subscription creation) is answered at once, 200 {@code text/plain} with the token,
 * before the body is read; nothing is published.</li>
 * <li>A notification collection {@code {"value":[...]}} carries no signature; each item is bound by its
 * {@code subscriptionId} to the tenant's connection that holds that subscription and authenticated by its
 * {@code clientState}, compared in constant time with that connection's secret (or, opted in, the configured
 * fallback). Items of unknown subscriptions or with a wrong clientState are dropped and counted; when none passes
 * the request is refused: 404 when every item named a subscription the tenant does not have, else 401.</li>
 * <li>Each mail, calendar or other change notification becomes its own raw event (without its {@code clientState}),
 * typed {@code <message|event|other>.<changeType>}, with a delivery id hashed from subscription id, resource,
 * change type, subscription expiration and the resource's etag: equal for Graph's retries of one notification,
 * different for the next change of the same item.</li>
 * <li>A drive notification ({@code driveItem}) names no item and carries no etag: every change of the drive during
 * the subscription's life looks the same. So it publishes nothing; the request queues one incremental sync of each
 * connection its drive notifications belong to, whose delta query reads each changed item (one signal each).</li>
 * <li>Lifecycle notifications go to {@link MicrosoftGraphLifecycle}, never to Kafka.</li>
 * </ul>
 */
@Component
@EnableConfigurationProperties(MicrosoftGraphProperties.class)
class MicrosoftGraphWebhookProvider implements WebhookProvider {

    private static final Logger log = LoggerFactory.getLogger(MicrosoftGraphWebhookProvider.class);

    static final String VALIDATION_TOKEN = "validationToken";
    /** Graph batches up to 1,000 notifications; more than that is not Graph. */
    static final int MAX_ITEMS = 1000;

    private static final Pattern TOKEN = Pattern.compile("[\\x20-\\x7e]{1,1024}");
    private static final Pattern SUBSCRIPTION_ID = Pattern.compile("[A-Za-z0-9-]{1,64}");
    private static final Pattern CHANGE_TYPE = Pattern.compile("created|updated|deleted");
    private static final Pattern LIFECYCLE_EVENT = Pattern.compile("[A-Za-z]{1,64}");
    private static final Pattern RESOURCE = Pattern.compile("[\\x21-\\x7e]{1,2048}");
    private static final Pattern DATE_TIME = Pattern.compile("[0-9T:.+\\-Z]{10,40}");

    private final List<WebhookSecret> configured;
    private final ConnectionOperations operations;
    private final MicrosoftGraphLifecycle lifecycle;
    private final JsonMapper json;

    MicrosoftGraphWebhookProvider(MicrosoftGraphProperties properties, ConnectionOperations operations,
            JsonMapper json) {
        this.configured = WebhookSecret.fallbackIfSet(properties.clientState());
        this.operations = operations;
        this.lifecycle = new MicrosoftGraphLifecycle(operations);
        this.json = json;
    }

    @Override
    public Provider provider() {
        return Provider.MICROSOFT_GRAPH;
    }

    @Override
    public Optional<WebhookReply> preflight(HttpHeaders headers, MultiValueMap<String, String> query) {
        String token = query.getFirst(VALIDATION_TOKEN);
        if (token == null) {
            return Optional.empty();
        }
        if (!TOKEN.matcher(token).matches()) {
            throw ApiException.validation(VALIDATION_TOKEN, "validationToken is empty, too long or not printable");
        }
        return Optional.of(WebhookReply.text(token));
    }

    @Override
    public WebhookVerifier verifier() {
        return (request, secrets) -> Verification.perItem();
    }

    @Override
    public WebhookReception receive(WebhookRequest request) {
        JsonNode items = request.body().path("value");
        if (!items.isArray() || items.isEmpty() || items.size() > MAX_ITEMS) {
            throw ApiException.validation("value", "value must be an array of 1 to " + MAX_ITEMS + " notifications");
        }
        if (!request.verification().isOperator() && request.secrets().closed(configured)) {
            // no clientState anywhere: the public path is closed (401), whatever the items name
            throw new ApiException(ProblemCode.INVALID_SIGNATURE, "no notification carries a valid clientState");
        }
        List<Item> admitted = new ArrayList<>();
        int rejected = 0;
        int unknown = 0;
        for (int i = 0; i < items.size(); i++) {
            JsonNode item = items.get(i);
            if (!item.isObject()) {
                throw ApiException.validation("value[" + i + "]", "notification must be an object");
            }
            ExternalIdentity subscription = ExternalIdentity.of(IdentityKind.MICROSOFT_GRAPH_SUBSCRIPTION,
                    required(item, i, "subscriptionId", SUBSCRIPTION_ID));
            Admission admission = authenticate(request, item, subscription);
            switch (admission.outcome()) {
                case ADMITTED -> admitted.add(read(i, (ObjectNode) item, admission.connectionId()));
                case UNKNOWN_SUBSCRIPTION -> unknown++;
                case REJECTED -> rejected++;
            }
        }
        if (admitted.isEmpty()) {
            if (rejected == 0) {
                throw ApiException.notFound("subscription"); // none of the tenant's connections holds it
            }
            throw new ApiException(ProblemCode.INVALID_SIGNATURE, "no notification carries a valid clientState");
        }
        // Everything validated: only now act on lifecycle notices, so a refused request leaves no trace.
        List<WebhookDelivery> deliveries = new ArrayList<>();
        Set<UUID> drivesChanged = new LinkedHashSet<>();
        for (Item item : admitted) {
            if (item.notice() != null) {
                lifecycle.handle(request.tenant(), item.connectionId(), item.notice());
            } else if (item.delivery() != null) {
                deliveries.add(item.delivery());
            } else {
                drivesChanged.add(item.connectionId());
            }
        }
        for (UUID connectionId : drivesChanged) {
            syncDrive(request.tenant(), connectionId);
        }
        return WebhookReception.of(deliveries, rejected + unknown);
    }

    /** One incremental sync of the connection reads what changed in its drive (coalesced with a queued one). */
    private void syncDrive(TenantId tenant, UUID connectionId) {
        if (connectionId == null) {
            log.warn("Graph drive notification of tenant {}: an operator posted it for no connection, so no sync "
                    + "can be queued", tenant);
            return;
        }
        operations.queueIncrementalSync(tenant, Provider.MICROSOFT_GRAPH, connectionId);
    }

    /**
     * Whether the item belongs to one of the tenant's connections: its subscription is bound to the connection and its
     * clientState is that connection's secret (or an opted-in fallback). An operator's item is admitted anyway,
     * attributed to the connection the operator named or that holds the subscription.
     */
    private Admission authenticate(WebhookRequest request, JsonNode item, ExternalIdentity subscription) {
        Verification verification = request.verification();
        if (verification.isOperator()) {
            return Admission.admitted(request.binder().attribute(verification, Set.of(subscription), Set.of())
                    .orElse(null));
        }
        if (!request.binder().knows(subscription)) {
            return Admission.UNKNOWN;
        }
        JsonNode clientState = item.path("clientState");
        if (!clientState.isString()) {
            return Admission.REJECTED_ITEM;
        }
        String presented = clientState.stringValue();
        List<WebhookSecret> matched = request.secrets().matching(configured, s -> ConstantTime.equals(s, presented));
        if (matched.isEmpty()) {
            return Admission.REJECTED_ITEM;
        }
        return request.binder().bind(Verification.verified(matched), Set.of(subscription), Set.of())
                .map(Admission::admitted).orElse(Admission.REJECTED_ITEM);
    }

    private Item read(int index, ObjectNode item, UUID connectionId) {
        String subscriptionId = required(item, index, "subscriptionId", SUBSCRIPTION_ID);
        String expiration = required(item, index, "subscriptionExpirationDateTime", DATE_TIME);
        if (item.has("lifecycleEvent")) {
            String event = required(item, index, "lifecycleEvent", LIFECYCLE_EVENT);
            return new Item(null, new MicrosoftGraphLifecycle.Notice(event, subscriptionId, expiration), connectionId);
        }
        String changeType = required(item, index, "changeType", CHANGE_TYPE);
        String resource = required(item, index, "resource", RESOURCE);
        JsonNode resourceData = item.path("resourceData");
        String etag = resourceData.path("@odata.etag").asString("");
        String kind = MicrosoftGraphResources.kind(resource, resourceData);
        if (MicrosoftGraphResources.DRIVE_ITEM.equals(kind)) {
            return new Item(null, null, connectionId);
        }
        String eventType = kind + "." + changeType;
        ObjectNode payload = item.deepCopy();
        payload.remove("clientState"); // a secret: it must not reach Kafka, the signals or Core
        WebhookDelivery delivery = WebhookDelivery.event(eventType,
                        deliveryId(subscriptionId, resource, changeType, expiration, etag))
                .withPayload(json.writeValueAsBytes(payload))
                .withConnection(connectionId);
        return new Item(delivery, null, connectionId);
    }

    /** Hex SHA-256 of the notification's identity: stable across Graph's retries, bounded in size. */
    static String deliveryId(String subscriptionId, String resource, String changeType, String expiration,
            String etag) {
        String identity = String.join("\n", subscriptionId, resource, changeType, expiration, etag);
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(identity.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String required(JsonNode item, int index, String field, Pattern format) {
        JsonNode node = item.path(field);
        String name = "value[" + index + "]." + field;
        if (!node.isString() || node.stringValue().isBlank()) {
            throw ApiException.validation(name, name + " is required");
        }
        if (!format.matcher(node.stringValue()).matches()) {
            throw ApiException.validation(name, name + " is malformed");
        }
        return node.stringValue();
    }

    @Override
    public List<String> keptHeaders() {
        return List.of();
    }

    /** Whether an item is admitted, and the connection it is bound to (null: an operator's unattributed item). */
    private record Admission(Outcome outcome, UUID connectionId) {

        enum Outcome { ADMITTED, UNKNOWN_SUBSCRIPTION, REJECTED }

        static final Admission UNKNOWN = new Admission(Outcome.UNKNOWN_SUBSCRIPTION, null);
        static final Admission REJECTED_ITEM = new Admission(Outcome.REJECTED, null);

        static Admission admitted(UUID connectionId) {
            return new Admission(Outcome.ADMITTED, connectionId);
        }
    }

    /** One admitted item: a delivery to publish, a lifecycle notice to handle, or (both null) a drive change. */
    private record Item(WebhookDelivery delivery, MicrosoftGraphLifecycle.Notice notice, UUID connectionId) {
    }
}
