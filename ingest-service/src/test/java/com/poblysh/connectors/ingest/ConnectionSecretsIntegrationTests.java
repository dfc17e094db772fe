package com.poblysh.connectors.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.poblysh.connectors.common.identity.ExternalIdentity;
import com.poblysh.connectors.common.identity.IdentityKind;
import com.poblysh.connectors.common.provider.Provider;
import com.poblysh.connectors.common.tenancy.EventIds;
import com.poblysh.connectors.schemas.avro.RawEvent;
import com.poblysh.connectors.testkit.JiraWebhooks;
import com.poblysh.connectors.testkit.MicrosoftGraphWebhooks;
import com.poblysh.connectors.testkit.SlackWebhooks;
import com.poblysh.connectors.testkit.TestBindings;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Secrets stored (encrypted) on connections verify deliveries over real HTTP, Postgres and Kafka, and the bindings
 * stored with them decide the connection: the raw event names it; Graph lifecycle notices become operation runs and
 * sync jobs of it, once.
 */
@IngestIntegrationTest
class ConnectionSecretsIntegrationTests extends LiveIngestTests {

    TestConnections connections;

    @BeforeEach
    void connections() {
        connections = new TestConnections(jdbc, cipher);
    }

    @Test
    void aSlackDeliverySignedWithAConnectionsSecretCarriesThatConnection() throws Exception {
        UUID tenant = UUID.randomUUID();
        UUID connection = connections.active(tenant, Provider.SLACK, "workspace-signing-secret",
                TestBindings.of(Provider.SLACK));
        String eventId = "Ev" + Long.toHexString(System.nanoTime());
        byte[] body = SlackWebhooks.message(eventId, "from a connection");
        String now = SlackWebhooks.now();

        HttpResponse<String> response = post("slack", tenant, body, Map.of(
                "X-Slack-Request-Timestamp", now,
                "X-Slack-Signature", SlackWebhooks.signature("workspace-signing-secret", now, body)));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        try (RawEventsTopic topic = new RawEventsTopic(tenant)) {
            List<ConsumerRecord<String, RawEvent>> records = topic.awaitEvent(EventIds.eventId("slack", eventId));
            assertThat(records.get(0).value().getConnectionId()).isEqualTo(connection);
        }
    }

    @Test
    void aRevokedConnectionsSecretNoLongerVerifies() throws Exception {
        UUID tenant = UUID.randomUUID();
        connections.insert(tenant, Provider.SLACK, "revoked-signing-secret", "revoked", TestBindings.of(Provider.SLACK));
        byte[] body = SlackWebhooks.message("Ev0REVOKED", "revoked");
        String now = SlackWebhooks.now();

        HttpResponse<String> response = post("slack", tenant, body, Map.of(
                "X-Slack-Request-Timestamp", now,
                "X-Slack-Signature", SlackWebhooks.signature("revoked-signing-secret", now, body)));

        assertThat(response.statusCode()).isEqualTo(401);
    }

    @Test
    void aJiraAppWebhookSignedWithAnInstallationsSharedSecretCarriesThatConnection() throws Exception {
        UUID tenant = UUID.randomUUID();
        UUID connection = connections.active(tenant, Provider.JIRA, "installation-shared-secret", List.of(
                ExternalIdentity.of(IdentityKind.JIRA_SITE, JiraWebhooks.SITE),
                ExternalIdentity.of(IdentityKind.JIRA_JWT_ISSUER, "acme-client-key")));
        String identifier = UUID.randomUUID().toString();
        String jwt = JiraWebhooks.jwt("installation-shared-secret", JiraWebhooks.claims("acme-client-key",
                Instant.now().getEpochSecond(), JiraWebhooks.queryStringHash("/webhooks/jira/" + tenant)));

        byte[] body = JiraWebhooks.fixture("issue_created").bodyBytes();

        HttpResponse<String> response = post("jira", tenant, body, Map.of(
                "Authorization", "JWT " + jwt, "X-Atlassian-Webhook-Identifier", identifier));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        try (RawEventsTopic topic = new RawEventsTopic(tenant)) {
            RawEvent event = topic.awaitEvent(EventIds.eventId("jira", identifier)).get(0).value();
            assertThat(event.getConnectionId()).isEqualTo(connection);
            assertThat(event.getEventType()).isEqualTo("jira:issue_created");
        }
    }

    @Test
    void graphNotificationsOfABatchArePublishedOneByOneAndLifecycleNoticesQueueWorkOnce() throws Exception {
        UUID tenant = UUID.randomUUID();
        String subscription = UUID.randomUUID().toString();
        UUID connection = connections.active(tenant, Provider.MICROSOFT_GRAPH, "subscription-client-state",
                List.of(ExternalIdentity.of(IdentityKind.MICROSOFT_GRAPH_SUBSCRIPTION, subscription)));
        byte[] body = MicrosoftGraphWebhooks.collection(
                MicrosoftGraphWebhooks.change("subscription-client-state", subscription, "created",
                        "Users/0fd4/Messages/AAMk1=", "W/\"1\""),
                MicrosoftGraphWebhooks.change("subscription-client-state", subscription, "deleted",
                        "Users/0fd4/Messages/AAMk2=", "W/\"2\""),
                MicrosoftGraphWebhooks.lifecycle("subscription-client-state", subscription, "subscriptionRemoved"));

        HttpResponse<String> first = post("microsoft_graph", tenant, body, Map.of());
        HttpResponse<String> retry = post("microsoft_graph", tenant, body, Map.of());

        assertThat(first.statusCode()).as(first.body()).isEqualTo(202);
        assertThat(retry.body()).isEqualTo(first.body());
        JsonNode ids = json.readTree(first.body()).path("event_ids");
        assertThat(ids).hasSize(2);
        try (RawEventsTopic topic = new RawEventsTopic(tenant)) {
            List<ConsumerRecord<String, RawEvent>> records = topic.awaitRecords(r -> r.size() >= 4);
            assertThat(records).extracting(r -> r.value().getEventType())
                    .containsExactly("message.created", "message.deleted", "message.created", "message.deleted");
            assertThat(records).allSatisfy(r -> assertThat(r.value().getConnectionId()).isEqualTo(connection));
        }
        assertThat(jdbc.sql("SELECT kind, status, target_id FROM operation_runs WHERE tenant_id = ?")
                .param(tenant).query().listOfRows())
                .singleElement().satisfies(run -> {
                    assertThat(run.get("kind")).isEqualTo("graph_subscription_recreate");
                    assertThat(run.get("status")).isEqualTo("queued");
                    assertThat(run.get("target_id")).isEqualTo(subscription);
                });
        assertThat(jdbc.sql("SELECT connection_id, job_type, status FROM sync_jobs WHERE tenant_id = ?")
                .param(tenant).query().listOfRows())
                .singleElement().satisfies(job -> {
                    assertThat(job.get("connection_id")).isEqualTo(connection);
                    assertThat(job.get("job_type")).isEqualTo("incremental");
                    assertThat(job.get("status")).isEqualTo("queued");
                });
    }
}
