package com.poblysh.connectors.ingest;

import static com.poblysh.connectors.testkit.GitHubWebhooks.SECRET;
import static com.poblysh.connectors.testkit.GitHubWebhooks.deliveryId;
import static com.poblysh.connectors.testkit.GitHubWebhooks.fixture;
import static com.poblysh.connectors.testkit.GitHubWebhooks.signature;
import static com.poblysh.connectors.testkit.TestBodies.jsonOfSize;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.poblysh.connectors.common.provider.Provider;
import com.poblysh.connectors.common.tenancy.EventIds;
import com.poblysh.connectors.schemas.avro.EventSource;
import com.poblysh.connectors.schemas.avro.RawEvent;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import com.poblysh.connectors.testkit.GitHubWebhooks;
import com.poblysh.connectors.testkit.TestBindings;
import tools.jackson.databind.JsonNode;

@IngestIntegrationTest
class WebhookIngestIntegrationTests extends LiveIngestTests {

    /** A tenant whose GitHub connection holds the kit's secret and covers the kit's repositories. */
    private UUID connectedTenant() {
        UUID tenant = UUID.randomUUID();
        connection = new TestConnections(jdbc, cipher).active(tenant, Provider.GITHUB, SECRET,
                TestBindings.of(Provider.GITHUB));
        return tenant;
    }

    private UUID connection;

    @Test
    void publishesASignedGitHubWebhookAsARawEventKeyedByTenantAndNamingItsConnection() throws Exception {
        UUID tenant = connectedTenant();
        String delivery = deliveryId();
        byte[] body = fixture("pull_request-opened").bodyBytes();

        HttpResponse<String> response = post(tenant, delivery, "pull_request", body, signature(SECRET, body));

        assertThat(response.statusCode()).isEqualTo(202);
        JsonNode answer = json.readTree(response.body());
        assertThat(answer.get("status").asString()).isEqualTo("accepted");
        UUID eventId = UUID.fromString(answer.get("event_id").asString());
        assertThat(eventId).isEqualTo(EventIds.eventId("github", delivery));
        try (RawEventsTopic topic = new RawEventsTopic(tenant)) {
            List<ConsumerRecord<String, RawEvent>> records = topic.awaitEvent(eventId);
            assertThat(records).hasSize(1);
            ConsumerRecord<String, RawEvent> record = records.get(0);
            assertThat(record.key()).isEqualTo(tenant.toString());
            RawEvent event = record.value();
            assertThat(event.getEventId()).isEqualTo(eventId);
            assertThat(event.getTenantId()).isEqualTo(tenant);
            assertThat(event.getProvider()).isEqualTo("github");
            assertThat(event.getSource()).isEqualTo(EventSource.webhook);
            assertThat(event.getEventType()).isEqualTo("pull_request");
            assertThat(event.getDeliveryId()).isEqualTo(delivery);
            assertThat(event.getConnectionId()).isEqualTo(connection);
            assertThat(bytes(event.getPayload())).isEqualTo(body);
            assertThat(event.getHeaders()).containsEntry("X-GitHub-Delivery", delivery)
                    .containsEntry("X-GitHub-Event", "pull_request")
                    .doesNotContainKeys("X-Hub-Signature-256", "X-Hub-Signature", "Authorization", "Cookie");
            assertThat(event.getHeaders().keySet()).noneMatch(name -> name.toLowerCase().contains("signature"));
        }
    }

    @Test
    void publishesNothingForABadSignature() throws Exception {
        UUID tenant = connectedTenant();
        byte[] body = fixture("pull_request-opened").bodyBytes();

        HttpResponse<String> rejected = post(tenant, deliveryId(), "pull_request", body, signature("wrong", body));
        assertThat(rejected.statusCode()).isEqualTo(401);
        assertThat(rejected.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(json.readTree(rejected.body()).get("code").asString()).isEqualTo("INVALID_SIGNATURE");

        // A later accepted delivery of the same tenant lands on the same partition after anything the rejected one
        // could have written, so once it is read, the absence of other records is proven rather than waited for.
        String marker = deliveryId();
        assertThat(post(tenant, marker, "issues", body, signature(SECRET, body)).statusCode()).isEqualTo(202);
        try (RawEventsTopic topic = new RawEventsTopic(tenant)) {
            List<ConsumerRecord<String, RawEvent>> records = topic.awaitEvent(EventIds.eventId("github", marker));
            assertThat(records).extracting(r -> r.value().getDeliveryId()).containsExactly(marker);
        }
    }

    @Test
    void carriesABodyAtTheSizeLimitThroughKafka() throws Exception {
        // Kafka's own default record limit is 1 MiB too: this fails unless the producer and topic allow for the
        // envelope around a body at the limit.
        UUID tenant = connectedTenant();
        String delivery = deliveryId();
        byte[] body = jsonOfSize(1024 * 1024, GitHubWebhooks.REPOSITORY_ID);

        HttpResponse<String> response = post(tenant, delivery, "push", body, signature(SECRET, body));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        try (RawEventsTopic topic = new RawEventsTopic(tenant)) {
            List<ConsumerRecord<String, RawEvent>> records = topic.awaitEvent(EventIds.eventId("github", delivery));
            assertThat(bytes(records.get(0).value().getPayload())).isEqualTo(body);
        }
    }

    @Test
    void answers413OverHttpForADeclaredOversizeBody() throws Exception {
        byte[] body = jsonOfSize(1024 * 1024 + 1);

        HttpResponse<String> response = post(UUID.randomUUID(), deliveryId(), "push", body, signature(SECRET, body));

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(json.readTree(response.body()).get("code").asString()).isEqualTo("PAYLOAD_TOO_LARGE");
    }

    private HttpResponse<String> post(UUID tenant, String delivery, String event, byte[] body, String signature)
            throws IOException, InterruptedException {
        return post("github", tenant, body, Map.of("User-Agent", "GitHub-Hookshot/044aadd", "X-GitHub-Event", event,
                "X-GitHub-Delivery", delivery, "X-GitHub-Hook-ID", "109948940", "X-Hub-Signature-256", signature));
    }

    private static byte[] bytes(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return bytes;
    }
}
