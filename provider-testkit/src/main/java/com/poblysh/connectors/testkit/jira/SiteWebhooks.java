package com.poblysh.connectors.testkit.jira;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import okhttp3.HttpUrl;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The dynamic webhooks of one fake site, as Jira's REST API v3 serves them to an OAuth 2.0 app: {@code POST webhook}
 * registers (200 even when it refuses one: {@code errors} in place of {@code createdWebhookId}; a JQL filter outside
 * what dynamic webhooks support is refused so), {@code GET webhook} lists those not expired, paged by
 * {@code startAt}/{@code maxResults}, {@code PUT webhook/refresh} extends the life of the ids it knows (ignoring
 * others) and {@code DELETE webhook} removes the ids of its JSON body (202). A webhook lives 30 days after its
 * registration or refresh by the fake's clock; an expired one is gone, as at Jira.
 */
final class SiteWebhooks {

    static final Duration LIFETIME = Duration.ofDays(30);
    /** One clause of a JQL filter dynamic webhooks accept: a supported field, operator and value. */
    private static final Pattern CLAUSE = Pattern.compile("(?i)\\s*(issueKey|project|issuetype|status|assignee|"
            + "reporter|issue\\.property\\[[^\\]]+\\](\\.[A-Za-z0-9_.]+)?|cf\\[[0-9]+\\])\\s*(=|!=|IN|NOT IN)\\s*"
            + "(\"[^\"]*\"|\\([^)]*\\)|[A-Za-z0-9_-]+)\\s*");

    private final FakeJiraApi api;
    private final Clock clock;
    private final AtomicLong ids;
    private final Map<Long, JiraWebhook> webhooks = new ConcurrentSkipListMap<>();
    private volatile String refusal;

    SiteWebhooks(FakeJiraApi api, Clock clock, AtomicLong ids) {
        this.api = api;
        this.clock = clock;
        this.ids = ids;
    }

    /** The webhooks not expired, oldest first. */
    List<JiraWebhook> live() {
        Instant now = clock.instant();
        webhooks.values().removeIf(w -> !w.expiresAt().isAfter(now));
        return List.copyOf(webhooks.values());
    }

    void refuseNext(String error) {
        refusal = error;
    }

    boolean drop(long id) {
        return webhooks.remove(id) != null;
    }

    MockResponse answer(RecordedRequest request, String resource) {
        String method = request.getMethod();
        JsonNode body = body(request);
        if (resource.equals("webhook/refresh") && "PUT".equals(method)) {
            Instant expires = clock.instant().plus(LIFETIME);
            List<JiraWebhook> known = live();
            body.path("webhookIds").forEach(id -> known.stream().filter(w -> w.id() == id.asLong())
                    .forEach(w -> w.expiresAt(expires)));
            return api.json(200, FakeJiraApi.JSON.createObjectNode().put("expirationDate", expires.toEpochMilli())
                    .toString(), Map.of());
        }
        if (!resource.equals("webhook")) {
            return api.json(404, "{\"errorMessages\":[\"Not found\"]}", Map.of());
        }
        return switch (method) {
            case "POST" -> register(body);
            case "GET" -> list(request.getUrl());
            case "DELETE" -> {
                body.path("webhookIds").forEach(id -> webhooks.remove(id.asLong()));
                yield api.json(202, "", Map.of());
            }
            default -> api.json(405, "{\"errorMessages\":[\"Method not allowed\"]}", Map.of());
        };
    }

    private MockResponse register(JsonNode body) {
        String url = body.path("url").asString("");
        JsonNode list = body.path("webhooks");
        if (url.isEmpty() || !list.isArray() || list.isEmpty()) {
            return api.json(400, "{\"errorMessages\":[\"url and webhooks are required\"]}", Map.of());
        }
        ArrayNode results = FakeJiraApi.JSON.createArrayNode();
        for (JsonNode webhook : list) {
            List<String> events = new ArrayList<>();
            webhook.path("events").forEach(e -> events.add(e.asString()));
            String jql = webhook.path("jqlFilter").asString("");
            String refused = refusal;
            refusal = null;
            if (refused == null && !supported(jql)) {
                refused = "The JQL query is invalid or uses fields or operators webhooks do not support: " + jql;
            }
            if (refused == null && events.isEmpty()) {
                refused = "At least one event is required";
            }
            if (refused != null) {
                results.addObject().putArray("errors").add(refused);
                continue;
            }
            JiraWebhook created = new JiraWebhook(ids.incrementAndGet(), url, events, jql,
                    clock.instant().plus(LIFETIME), api);
            webhooks.put(created.id(), created);
            results.addObject().put("createdWebhookId", created.id());
        }
        ObjectNode answer = FakeJiraApi.JSON.createObjectNode();
        answer.set("webhookRegistrationResult", results);
        return api.json(200, answer.toString(), Map.of());
    }

    private MockResponse list(HttpUrl url) {
        List<JiraWebhook> all = live();
        int startAt = url.queryParameter("startAt") == null ? 0 : Integer.parseInt(url.queryParameter("startAt"));
        int max = url.queryParameter("maxResults") == null ? 100
                : Math.min(100, Integer.parseInt(url.queryParameter("maxResults")));
        ArrayNode values = FakeJiraApi.JSON.createArrayNode();
        all.stream().skip(startAt).limit(max).forEach(w -> {
            ObjectNode value = values.addObject().put("id", w.id()).put("jqlFilter", w.jqlFilter())
                    .put("expirationDate", w.expiresAt().toEpochMilli());
            ArrayNode events = value.putArray("events");
            w.events().forEach(events::add);
        });
        ObjectNode page = FakeJiraApi.JSON.createObjectNode().put("maxResults", max).put("startAt", startAt)
                .put("total", all.size()).put("isLast", startAt + max >= all.size());
        page.set("values", values);
        return api.json(200, page.toString(), Map.of());
    }

    /** Whether every clause (joined by AND or OR) is one dynamic webhooks accept, e.g. {@code project != null}. */
    static boolean supported(String jql) {
        if (jql.isBlank()) {
            return false;
        }
        for (String clause : jql.split("(?i)\\s+(AND|OR)\\s+")) {
            if (!CLAUSE.matcher(clause).matches()) {
                return false;
            }
        }
        return true;
    }

    private static JsonNode body(RecordedRequest request) {
        if (request.getBody() == null || request.getBody().size() == 0) {
            return FakeJiraApi.JSON.missingNode();
        }
        try {
            return FakeJiraApi.JSON.readTree(request.getBody().string(StandardCharsets.UTF_8));
        } catch (RuntimeException e) {
            return FakeJiraApi.JSON.missingNode();
        }
    }
}
