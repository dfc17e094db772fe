package com.poblysh.connectors.ingest.provisioning.jira;

import java.net.URI;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import com.poblysh.connectors.ingest.jobs.PollException;
import com.poblysh.connectors.ingest.polling.PollingHttp;
import com.poblysh.connectors.ingest.polling.jira.JiraApi;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The dynamic-webhook calls of Jira Cloud's REST API v3 for OAuth 2.0 apps, per site
 * ({@code <api>/ex/jira/<cloudId>/rest/api/3/webhook}), with the polling client's addressing, bearer token and
 * failures ({@link PollingHttp}: 401 unauthorized, 429 and 503 with {@code Retry-After} rate limited, 5xx transient):
 * register, list, refresh. Jira answers a registration 200 even when it refuses a webhook, with an {@code errors}
 * entry in place of its id: that is a permanent failure of that webhook.
 */
final class JiraWebhooksApi {

    /** What a list page holds at most (Jira's maximum). */
    static final int PAGE = 100;
    /** Pages one listing reads at most: Jira keeps a handful of webhooks per app and user on a site. */
    static final int MAX_PAGES = 10;
    private static final Pattern WEBHOOK_ID = Pattern.compile("[0-9]{1,19}");

    private final PollingHttp http;
    private final JiraProvisioningProperties properties;
    private final JsonMapper json;

    JiraWebhooksApi(PollingHttp http, JiraProvisioningProperties properties, JsonMapper json) {
        this.http = http;
        this.properties = properties;
        this.json = json;
    }

    /** The sites the token may read, as polling lists them. */
    List<JiraApi.Site> sites(String token) throws PollException {
        return JiraApi.sites(http, properties.base(), token);
    }

    /** The site's webhook collection, which registration POSTs to and revocation DELETEs the ids from. */
    URI collection(String cloudId) {
        return JiraApi.site(properties.base(), cloudId, "webhook");
    }

    /** Registers one webhook to {@code url}; returns its id. */
    String register(String cloudId, String token, String url) throws PollException {
        ObjectNode body = json.createObjectNode().put("url", url);
        ObjectNode webhook = body.putArray("webhooks").addObject();
        webhook.putArray("events").addAll(properties.events().stream().map(json.getNodeFactory()::stringNode)
                .toList());
        webhook.put("jqlFilter", properties.jqlFilter());
        PollingHttp.Answer answer = http.post(collection(cloudId), token, body);
        if (!answer.ok()) {
            throw http.failure(answer, "Jira webhook registration of site " + cloudId);
        }
        JsonNode result = answer.json().path("webhookRegistrationResult").path(0);
        String id = result.path("createdWebhookId").asString("");
        if (WEBHOOK_ID.matcher(id).matches()) {
            return id;
        }
        List<String> errors = new ArrayList<>();
        result.path("errors").forEach(e -> errors.add(e.asString("")));
        throw PollException.permanent("webhook_refused", "Jira refused the webhook of site " + cloudId + ": "
                + (errors.isEmpty() ? "no webhook id in its answer" : String.join("; ", errors)));
    }

    /** The app's webhooks on the site (this token's): id → expiry (null when Jira gave none). */
    Map<String, Instant> list(String cloudId, String token) throws PollException {
        Map<String, Instant> webhooks = new LinkedHashMap<>();
        for (int page = 0; page < MAX_PAGES; page++) {
            PollingHttp.Answer answer = http.get(JiraApi.site(properties.base(), cloudId, "webhook?startAt="
                    + page * PAGE + "&maxResults=" + PAGE), token, Map.of());
            if (!answer.ok()) {
                throw http.failure(answer, "Jira webhook list of site " + cloudId);
            }
            JsonNode body = answer.json();
            JsonNode values = body.path("values");
            for (JsonNode webhook : values) {
                String id = webhook.path("id").asString("");
                if (WEBHOOK_ID.matcher(id).matches()) {
                    webhooks.put(id, time(webhook.path("expirationDate")).orElse(null));
                }
            }
            if (values.isEmpty() || body.path("isLast").asBoolean(true)) {
                break;
            }
        }
        return webhooks;
    }

    /** Extends the webhooks' life (Jira ignores ids it does not know); returns their new expiry, if Jira said. */
    Optional<Instant> refresh(String cloudId, String token, Collection<String> ids) throws PollException {
        ObjectNode body = json.createObjectNode();
        body.putArray("webhookIds").addAll(ids.stream().map(id -> json.getNodeFactory().numberNode(Long.parseLong(id)))
                .toList());
        PollingHttp.Answer answer = http.send("PUT", JiraApi.site(properties.base(), cloudId, "webhook/refresh"),
                token, body);
        if (!answer.ok()) {
            throw http.failure(answer, "Jira webhook refresh of site " + cloudId);
        }
        return time(answer.jsonOrMissing().path("expirationDate"));
    }

    /** An expiry as Jira writes it: epoch milliseconds, or an ISO date-time (with or without a colon in the offset). */
    static Optional<Instant> time(JsonNode value) {
        if (value.isIntegralNumber()) {
            return Optional.of(Instant.ofEpochMilli(value.asLong()));
        }
        if (!value.isString()) {
            return Optional.empty();
        }
        String text = value.stringValue();
        if (text.matches("[0-9]{1,15}")) {
            return Optional.of(Instant.ofEpochMilli(Long.parseLong(text)));
        }
        for (DateTimeFormatter format : List.of(DateTimeFormatter.ISO_OFFSET_DATE_TIME,
                DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ"))) {
            try {
                return Optional.of(OffsetDateTime.parse(text, format).toInstant());
            } catch (DateTimeParseException e) {
                // the other form
            }
        }
        return Optional.empty();
    }
}
