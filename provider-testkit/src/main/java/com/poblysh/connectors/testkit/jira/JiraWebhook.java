package com.poblysh.connectors.testkit.jira;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.poblysh.connectors.testkit.JiraWebhooks;
import tools.jackson.databind.node.ObjectNode;

/**
 * One dynamic webhook a fake site registered ({@code POST …/rest/api/3/webhook}): its id, URL, events, JQL filter
 * and expiry, and the deliveries the fake really POSTs to the URL as Jira does for an OAuth 2.0 app: the body with
 * {@code matchedWebhookIds}, {@code X-Atlassian-Webhook-Identifier}, and {@code Authorization: Bearer <JWT>} signed
 * HS256 with the app's client secret, {@code iss} the app's issuer. The JWT is dated by the system clock (the
 * receiver checks it against its own), not by the fake's, which only decides expiry.
 */
public final class JiraWebhook {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final long id;
    private final String url;
    private final List<String> events;
    private final String jqlFilter;
    private volatile Instant expiresAt;
    private final FakeJiraApi api;

    JiraWebhook(long id, String url, List<String> events, String jqlFilter, Instant expiresAt, FakeJiraApi api) {
        this.id = id;
        this.url = url;
        this.events = List.copyOf(events);
        this.jqlFilter = jqlFilter;
        this.expiresAt = expiresAt;
        this.api = api;
    }

    public long id() {
        return id;
    }

    /** Where deliveries go. */
    public String url() {
        return url;
    }

    public List<String> events() {
        return events;
    }

    public String jqlFilter() {
        return jqlFilter;
    }

    /** When Jira drops it unless it is refreshed: 30 days after its registration or last refresh. */
    public Instant expiresAt() {
        return expiresAt;
    }

    void expiresAt(Instant at) {
        expiresAt = at;
    }

    /** POSTs {@code body} (a webhook body, e.g. {@link FakeJiraApi.Issue#createdWebhook()}); returns the status. */
    public int deliver(byte[] body) {
        ObjectNode payload = (ObjectNode) FakeJiraApi.JSON.readTree(body);
        payload.putArray("matchedWebhookIds").add(id);
        String jwt = JiraWebhooks.jwt(api.appSecret(), JiraWebhooks.claims(api.appIssuer(),
                Clock.systemUTC().instant().getEpochSecond(), null));
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + jwt)
                .header(JiraWebhooks.IDENTIFIER_HEADER, UUID.randomUUID().toString())
                .POST(HttpRequest.BodyPublishers.ofByteArray(FakeJiraApi.JSON.writeValueAsBytes(payload))).build();
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
