package com.poblysh.connectors.testkit.github;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import com.poblysh.connectors.testkit.GitHubWebhooks;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A repository webhook of the {@link FakeGitHubApi}, created through {@code POST /repos/{owner}/{repo}/hooks}: its
 * config (URL, secret, events) and every delivery it made, which the fake really POSTs to the URL, signed with the
 * hook's secret as GitHub signs ({@code X-Hub-Signature-256}), recording the answer's status as GitHub's
 * "Recent deliveries" does ({@code status_code} 0 when nothing answered). Like GitHub, it never retries on its own;
 * {@code POST …/deliveries/{id}/attempts} redelivers (same GUID, {@code redelivery: true}).
 */
public final class GitHubHook {

    /** One delivery attempt, as {@code GET …/hooks/{id}/deliveries} lists it. */
    public record Delivery(long id, String guid, Instant deliveredAt, boolean redelivery, int statusCode,
            String event, String action, byte[] body) {

        /** GitHub's {@code status} text. */
        public String status() {
            return statusCode == 0 ? "failed to connect" : statusCode / 100 == 2 ? "OK"
                    : "Invalid HTTP Response: " + statusCode;
        }

        /** The body as it was sent. */
        public String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final FakeGitHubApi api;
    private final GitHubRepository repository;
    private final long id;
    private volatile String url;
    private volatile String secret;
    private volatile List<String> events;
    private volatile boolean active;
    private final List<Delivery> deliveries = new ArrayList<>();

    GitHubHook(FakeGitHubApi api, GitHubRepository repository, long id, String url, String secret,
            List<String> events, boolean active) {
        this.api = api;
        this.repository = repository;
        this.id = id;
        this.url = url;
        this.secret = secret;
        this.events = List.copyOf(events);
        this.active = active;
    }

    public long id() {
        return id;
    }

    /** The URL deliveries go to ({@code config.url}). */
    public String url() {
        return url;
    }

    /** The secret deliveries are signed with ({@code config.secret}, which GitHub never shows again). */
    public String secret() {
        return secret;
    }

    public List<String> events() {
        return events;
    }

    /** Every delivery attempt so far, oldest first. */
    public List<Delivery> deliveries() {
        synchronized (api) {
            return List.copyOf(deliveries);
        }
    }

    /** Sends {@code event} now if the hook is active and subscribed to it ({@code ping} always); empty otherwise. */
    public Optional<Delivery> deliver(String event, ObjectNode payload) {
        if (!active || (!event.equals("ping") && !events.contains(event) && !events.contains("*"))) {
            return Optional.empty();
        }
        ObjectNode body = payload.deepCopy();
        if (!body.has("repository")) {
            body.set("repository", repository.json());
        }
        return Optional.of(send(UUID.randomUUID().toString(), event, body.path("action").asString(null),
                FakeGitHubApi.JSON.writeValueAsBytes(body), false));
    }

    /** Sends the delivery {@code deliveryId} again, under its GUID; empty when the hook has no such delivery. */
    public Optional<Delivery> redeliver(long deliveryId) {
        Delivery original;
        synchronized (api) {
            original = deliveries.stream().filter(d -> d.id() == deliveryId).findFirst().orElse(null);
        }
        if (original == null) {
            return Optional.empty();
        }
        return Optional.of(send(original.guid(), original.event(), original.action(), original.body(), true));
    }

    /** Posts without holding the fake's lock: the receiver may call the fake meanwhile. */
    private Delivery send(String guid, String event, String action, byte[] body, boolean redelivery) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .header("User-Agent", "GitHub-Hookshot/fake")
                .header(GitHubWebhooks.EVENT_HEADER, event)
                .header(GitHubWebhooks.DELIVERY_HEADER, guid)
                .header("X-GitHub-Hook-ID", Long.toString(id))
                .header("X-GitHub-Hook-Installation-Target-Type", "repository")
                .header("X-GitHub-Hook-Installation-Target-ID", Long.toString(repository.id()))
                .header(GitHubWebhooks.SIGNATURE_HEADER, GitHubWebhooks.signature(secret, body))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        int status;
        try {
            status = HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (ConnectException e) {
            status = 0;
        } catch (IOException e) {
            status = 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            status = 0;
        }
        synchronized (api) {
            Delivery delivery = new Delivery(api.nextId(), guid, api.now(), redelivery, status, event, action, body);
            deliveries.add(delivery);
            return delivery;
        }
    }

    ObjectNode json() {
        ObjectNode hook = FakeGitHubApi.JSON.createObjectNode();
        hook.put("type", "Repository").put("id", id).put("name", "web").put("active", active);
        hook.putArray("events").addAll(events.stream().map(FakeGitHubApi.JSON.getNodeFactory()::stringNode).toList());
        hook.putObject("config").put("content_type", "json").put("insecure_ssl", "0").put("url", url)
                .put("secret", "********");
        String self = repository.apiUrlOf() + "/hooks/" + id;
        hook.put("url", self).put("test_url", self + "/test").put("ping_url", self + "/pings")
                .put("deliveries_url", self + "/deliveries");
        return hook;
    }

    /** Applies a {@code PATCH …/hooks/{id}} body. */
    void update(JsonNode patch) {
        JsonNode config = patch.path("config");
        if (config.path("url").isString()) {
            url = config.path("url").asString();
        }
        if (config.path("secret").isString()) {
            secret = config.path("secret").asString();
        }
        if (patch.path("events").isArray()) {
            List<String> changed = new ArrayList<>();
            patch.path("events").forEach(e -> changed.add(e.asString()));
            events = List.copyOf(changed);
        }
        if (patch.path("active").isBoolean()) {
            active = patch.path("active").asBoolean();
        }
    }

    ObjectNode json(Delivery delivery) {
        ObjectNode node = FakeGitHubApi.JSON.createObjectNode();
        node.put("id", delivery.id()).put("guid", delivery.guid()).put("delivered_at",
                delivery.deliveredAt().toString()).put("redelivery", delivery.redelivery()).put("duration", 0.1)
                .put("status", delivery.status()).put("status_code", delivery.statusCode())
                .put("event", delivery.event());
        if (delivery.action() == null) {
            node.putNull("action");
        } else {
            node.put("action", delivery.action());
        }
        node.putNull("installation_id");
        node.put("repository_id", repository.id());
        return node;
    }
}
