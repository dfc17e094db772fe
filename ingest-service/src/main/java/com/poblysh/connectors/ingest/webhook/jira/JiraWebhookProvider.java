package com.poblysh.connectors.ingest.webhook.jira;

import static com.poblysh.connectors.ingest.webhook.WebhookInputs.requiredText;

import java.time.Clock;
import java.util.List;
import java.util.regex.Pattern;

import com.poblysh.connectors.common.provider.Provider;
import com.poblysh.connectors.common.web.ApiException;
import com.poblysh.connectors.ingest.webhook.WebhookDelivery;
import com.poblysh.connectors.ingest.webhook.WebhookProvider;
import com.poblysh.connectors.ingest.webhook.WebhookReception;
import com.poblysh.connectors.ingest.webhook.WebhookRequest;
import com.poblysh.connectors.ingest.webhook.WebhookVerifier;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * Jira Cloud webhooks. The event type is the body's {@code webhookEvent}; the delivery id is
 * {@code X-Atlassian-Webhook-Identifier} (the same on Jira's retries), or, without it, the changed object and its
 * {@code updated} time ({@code <webhookEvent>:<issue or comment id>:<updated>}), which a retry repeats as well. A
 * delivery names its site and matched webhooks ({@link JiraIdentities}).
 */
@Component
@EnableConfigurationProperties(JiraProperties.class)
class JiraWebhookProvider implements WebhookProvider {

    static final String IDENTIFIER_HEADER = "X-Atlassian-Webhook-Identifier";
    static final String RETRY_HEADER = "X-Atlassian-Webhook-Retry";

    private static final Pattern WEBHOOK_EVENT = Pattern.compile("[a-z][a-z0-9_:]{0,63}");
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z0-9_.:-]{1,128}");
    private static final Pattern OBJECT_ID = Pattern.compile("[0-9]{1,20}");
    private static final Pattern UPDATED = Pattern.compile("[0-9T:.+\\-Z]{10,40}");

    private final JiraVerifier verifier;

    JiraWebhookProvider(JiraProperties properties) {
        this.verifier = new JiraVerifier(properties.webhookSecret(), properties.clientSecret(), Clock.systemUTC());
    }

    @Override
    public Provider provider() {
        return Provider.JIRA;
    }

    @Override
    public WebhookVerifier verifier() {
        return verifier;
    }

    @Override
    public WebhookReception receive(WebhookRequest request) {
        JsonNode body = request.body();
        String event = requiredText(body, "/webhookEvent", "webhookEvent", WEBHOOK_EVENT);
        return WebhookReception.of(WebhookDelivery.event(event, deliveryId(request.headers(), event, body))
                .naming(JiraIdentities.of(body)));
    }

    private static String deliveryId(HttpHeaders headers, String event, JsonNode body) {
        String identifier = headers.getFirst(IDENTIFIER_HEADER);
        if (identifier != null && !identifier.isBlank()) {
            if (!IDENTIFIER.matcher(identifier.trim()).matches()) {
                throw ApiException.validation(IDENTIFIER_HEADER, IDENTIFIER_HEADER + " header is malformed");
            }
            return identifier.trim();
        }
        if (body.path("comment").isObject()) {
            return event + ":" + requiredText(body, "/comment/id", "comment.id", OBJECT_ID) + ":"
                    + requiredText(body, "/comment/updated", "comment.updated", UPDATED);
        }
        if (body.path("issue").isObject()) {
            return event + ":" + requiredText(body, "/issue/id", "issue.id", OBJECT_ID) + ":"
                    + requiredText(body, "/issue/fields/updated", "issue.fields.updated", UPDATED);
        }
        throw ApiException.validation(IDENTIFIER_HEADER, IDENTIFIER_HEADER
                + " header is required for events without an issue or comment");
    }

    @Override
    public List<String> keptHeaders() {
        return List.of(IDENTIFIER_HEADER, RETRY_HEADER);
    }
}
