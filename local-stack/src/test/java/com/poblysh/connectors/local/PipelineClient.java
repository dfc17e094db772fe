package com.poblysh.connectors.local;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import com.poblysh.connectors.common.provider.Provider;
import com.poblysh.connectors.testkit.GitHubWebhooks;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** What Core and GitHub do to the stack, over real HTTP and Kafka, for the full-stack tests. */
final class PipelineClient {

    static final JsonMapper JSON = JsonMapper.builder().build();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final LocalStack stack;

    PipelineClient(LocalStack stack) {
        this.stack = stack;
    }

    /** A fresh tenant with a demo connection of each of {@code providers}. */
    UUID connectedTenant(Provider... providers) {
        UUID tenant = UUID.randomUUID();
        for (Provider provider : providers) {
            stack.demoConnection(tenant, provider);
        }
        return tenant;
    }

    /** The tenant's demo connection of {@code provider}. */
    String connection(UUID tenant, Provider provider) {
        return stack.demoConnection(tenant, provider).toString();
    }

    HttpResponse<String> postGithubWebhook(UUID tenant, String event, String delivery, String body, String signature) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(stack.ingestUrl() + "/webhooks/github/" + tenant))
                .header("Content-Type", "application/json")
                .header("X-GitHub-Event", event)
                .header("X-GitHub-Delivery", delivery)
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (signature != null) {
            request.header("X-Hub-Signature-256", signature);
        }
        return send(request.build());
    }

    /** The demo issue, signed with the demo GitHub connection's secret (the tenant needs that connection). */
    HttpResponse<String> postSignedIssue(UUID tenant, String delivery, Instant createdAt) {
        String body = DemoRequests.issueOpenedPayload(createdAt);
        return postGithubWebhook(tenant, "issues", delivery, body,
                GitHubWebhooks.signature(stack.settings().githubSecret(), body.getBytes(StandardCharsets.UTF_8)));
    }

    /** A webhook of any provider, with these headers; the query string (without {@code ?}) may be null. */
    HttpResponse<String> postWebhook(String provider, UUID tenant, String query, String contentType, byte[] body,
            Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(stack.ingestUrl() + "/webhooks/" + provider
                        + "/" + tenant + (query == null ? "" : "?" + query)))
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(request::header);
        return send(request.build());
    }

    List<JsonNode> signals(UUID tenant) {
        return signals(tenant, "limit=100");
    }

    /** {@code GET /signals?<query>} for the tenant. */
    List<JsonNode> signals(UUID tenant, String query) {
        List<JsonNode> signals = new ArrayList<>();
        asTenant(tenant, "GET", "/signals?" + query).path("signals").forEach(signals::add);
        return signals;
    }

    /**
     * Connects the tenant to GitHub as Core and the user's browser do: {@code POST /connect/github}, then the
     * callback GitHub redirects to with {@code code} and the state; returns the connection.
     */
    JsonNode connectGithub(UUID tenant, String code) {
        URI authorize = URI.create(asTenant(tenant, "POST", "/connect/github").path("authorize_url").asString());
        String state = Arrays.stream(authorize.getRawQuery().split("&"))
                .filter(p -> p.startsWith("state=")).findFirst().orElseThrow().substring("state=".length());
        HttpResponse<String> callback = send(HttpRequest.newBuilder(URI.create(stack.queryUrl()
                + "/connect/github/callback?code=" + code + "&state=" + state)).GET().build());
        if (callback.statusCode() != 200) {
            throw new AssertionError("the callback answered " + callback.statusCode() + ": " + callback.body());
        }
        return JSON.readTree(callback.body()).path("connection");
    }

    /** {@code GET /connections/{id}} for the tenant. */
    JsonNode connectionById(UUID tenant, String id) {
        return asTenant(tenant, "GET", "/connections/" + id);
    }

    /** {@code DELETE /connections/{id}} for the tenant; returns the revoked connection. */
    JsonNode revoke(UUID tenant, String id) {
        return asTenant(tenant, "DELETE", "/connections/" + id);
    }

    /** {@code GET /jobs?<query>} for the tenant. */
    List<JsonNode> jobs(UUID tenant, String query) {
        List<JsonNode> jobs = new ArrayList<>();
        asTenant(tenant, "GET", "/jobs?" + query).path("jobs").forEach(jobs::add);
        return jobs;
    }

    /** {@code method path} on the query API with the operator token for the tenant; its JSON, which must be a 200. */
    private JsonNode asTenant(UUID tenant, String method, String path) {
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(stack.queryUrl() + path))
                .header("Authorization", "Bearer " + stack.settings().operatorToken())
                .header("X-Tenant-Id", tenant.toString())
                .method(method, HttpRequest.BodyPublishers.noBody()).build());
        if (response.statusCode() != 200) {
            throw new AssertionError(method + " " + path + " answered " + response.statusCode() + ": "
                    + response.body());
        }
        return JSON.readTree(response.body());
    }

    /** Every record on {@code topic} so far whose key is {@code tenant}, read from the beginning. */
    List<ConsumerRecord<String, byte[]>> recordsFor(String topic, UUID tenant, Duration within) {
        Properties props = new Properties();
        props.putAll(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false"));
        List<ConsumerRecord<String, byte[]>> found = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer =
                     new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + within.toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (tenant.toString().equals(record.key())) {
                        found.add(record);
                    }
                }
                if (!consumer.assignment().isEmpty() && caughtUp(consumer)) {
                    break;
                }
            }
        }
        return found;
    }

    private static boolean caughtUp(KafkaConsumer<String, byte[]> consumer) {
        var ends = consumer.endOffsets(consumer.assignment());
        return ends.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
    }

    HttpResponse<String> send(HttpRequest request) {
        return send(http, request);
    }

    /** {@code request} sent with {@code client}, its body as text; a failure to send is unchecked. */
    static HttpResponse<String> send(HttpClient client, HttpRequest request) {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
