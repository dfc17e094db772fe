package com.poblysh.connectors.ingest.webhook.slack;

import static com.poblysh.connectors.ingest.webhook.WebhookInputs.requiredObject;
import static com.poblysh.connectors.ingest.webhook.WebhookInputs.requiredText;

import java.time.Clock;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import com.poblysh.connectors.common.identity.ExternalIdentity;
import com.poblysh.connectors.common.identity.IdentityKind;
import com.poblysh.connectors.common.provider.Provider;
import com.poblysh.connectors.common.web.ApiException;
import com.poblysh.connectors.ingest.webhook.WebhookDelivery;
import com.poblysh.connectors.ingest.webhook.WebhookProvider;
import com.poblysh.connectors.ingest.webhook.WebhookReception;
import com.poblysh.connectors.ingest.webhook.WebhookReply;
import com.poblysh.connectors.ingest.webhook.WebhookRequest;
import com.poblysh.connectors.ingest.webhook.WebhookVerifier;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Slack Events API callbacks. A Slack app has one request URL for every workspace that installed it, so its events
 * come to {@code POST /webhooks/slack} (or a tenant's own path) and each is attributed by the envelope's
 * {@code team_id} (or {@code enterprise_id}) and {@code api_app_id} to the connection bound to them.
 * {@code url_verification} is answered with its challenge and publishes nothing; {@code event_callback} becomes one
 * raw event typed by the inner {@code event.type}, whose delivery id is the envelope's {@code event_id}: Slack's
 * retries ({@code X-Slack-Retry-Num}) repeat it, so they map to the same event id and one signal. The events
 * {@code app_uninstalled} and {@code tokens_revoked} (of the bot token) revoke the connection instead. The legacy
 * verification {@code token} is removed from the published payload.
 */
@Component
@EnableConfigurationProperties(SlackProperties.class)
class SlackWebhookProvider implements WebhookProvider {

    static final String RETRY_NUM_HEADER = "X-Slack-Retry-Num";
    static final String RETRY_REASON_HEADER = "X-Slack-Retry-Reason";

    private static final Pattern CALLBACK_TYPE = Pattern.compile("[a-z_]{1,64}");
    private static final Pattern EVENT_TYPE = Pattern.compile("[a-z][a-z0-9_.]{0,63}");
    private static final Pattern EVENT_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final Pattern CHALLENGE = Pattern.compile("[\\x21-\\x7e]{1,256}");
    /** Slack ids: an upper-case letter and upper-case letters or digits (T061EG9R6, E0KA7CB8D, A0PNCHHK2). */
    private static final Pattern SLACK_ID = Pattern.compile("[A-Z][A-Z0-9]{1,31}");

    private final SlackSignatureVerifier verifier;
    private final JsonMapper json;

    SlackWebhookProvider(SlackProperties properties, JsonMapper json) {
        this.verifier = new SlackSignatureVerifier(properties.signingSecret(), Clock.systemUTC());
        this.json = json;
    }

    @Override
    public Provider provider() {
        return Provider.SLACK;
    }

    @Override
    public WebhookVerifier verifier() {
        return verifier;
    }

    @Override
    public boolean hasAppUrl() {
        return true;
    }

    @Override
    public WebhookReception receive(WebhookRequest request) {
        JsonNode body = request.body();
        String type = requiredText(body, "/type", "type", CALLBACK_TYPE);
        return switch (type) {
            case "url_verification" -> WebhookReception.reply(WebhookReply.json(
                    Map.of("challenge", requiredText(body, "/challenge", "challenge", CHALLENGE))));
            case "event_callback" -> eventCallback(body);
            // Slack tells us it dropped events for a minute; nothing to store, the next sync catches up.
            case "app_rate_limited" -> WebhookReception.of(WebhookDelivery.handshake(type,
                    "app_rate_limited:" + body.path("minute_rate_limited").asLong(0)));
            default -> throw ApiException.validation("type", "Slack callback type '" + type + "' is not supported");
        };
    }

    private WebhookReception eventCallback(JsonNode body) {
        String eventId = requiredText(body, "/event_id", "event_id", EVENT_ID);
        requiredObject(body, "/event", "event");
        String eventType = requiredText(body, "/event/type", "event.type", EVENT_TYPE);
        WebhookDelivery delivery = switch (eventType) {
            case "app_uninstalled" -> WebhookDelivery.revocation(eventType, eventId);
            // Only the bot token is the connection's; revoked user tokens leave it working.
            case "tokens_revoked" -> body.at("/event/tokens/bot").isArray() && !body.at("/event/tokens/bot").isEmpty()
                    ? WebhookDelivery.revocation(eventType, eventId) : WebhookDelivery.handshake(eventType, eventId);
            default -> WebhookDelivery.event(eventType, eventId);
        };
        if (body.has("token")) {
            ObjectNode redacted = ((ObjectNode) body).deepCopy();
            redacted.remove("token");
            delivery = delivery.withPayload(json.writeValueAsBytes(redacted));
        }
        return WebhookReception.of(delivery.naming(workspace(body)).requiring(app(body)));
    }

    /** The workspace ({@code team_id}) and, for Enterprise Grid, the organization ({@code enterprise_id}). */
    private static Set<ExternalIdentity> workspace(JsonNode body) {
        Set<ExternalIdentity> named = new LinkedHashSet<>();
        id(body, "team_id", IdentityKind.SLACK_TEAM, named);
        id(body, "enterprise_id", IdentityKind.SLACK_ENTERPRISE, named);
        return named;
    }

    /** The app the events are for: a connection bound to an app takes only its own app's events. */
    private static Set<ExternalIdentity> app(JsonNode body) {
        Set<ExternalIdentity> required = new LinkedHashSet<>();
        id(body, "api_app_id", IdentityKind.SLACK_APP, required);
        return required;
    }

    private static void id(JsonNode body, String field, IdentityKind kind, Set<ExternalIdentity> into) {
        JsonNode value = body.path(field);
        if (value.isString() && SLACK_ID.matcher(value.stringValue()).matches()) {
            into.add(ExternalIdentity.of(kind, value.stringValue()));
        }
    }

    @Override
    public List<String> keptHeaders() {
        return List.of(RETRY_NUM_HEADER, RETRY_REASON_HEADER, SlackSignatureVerifier.TIMESTAMP_HEADER);
    }
}
