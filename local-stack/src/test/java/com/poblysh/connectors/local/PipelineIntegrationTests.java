package com.poblysh.connectors.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.poblysh.connectors.common.provider.Provider;
import com.poblysh.connectors.schemas.Topics;
import com.poblysh.connectors.testkit.GitHubWebhooks;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * A webhook signed with a connection's secret travels ingest → Kafka → processor → Postgres → query-api on the real
 * stack and is that connection's signal.
 */
class PipelineIntegrationTests extends OnRunningStack {

    @Test
    void signedGithubWebhookBecomesASignalOfItsConnectionVisibleThroughTheQueryApi() {
        UUID tenant = client.connectedTenant(Provider.GITHUB);
        Instant createdAt = Instant.now().truncatedTo(ChronoUnit.SECONDS);

        HttpResponse<String> accepted = client.postSignedIssue(tenant, UUID.randomUUID().toString(), createdAt);

        assertThat(accepted.statusCode()).isEqualTo(202);
        JsonNode body = PipelineClient.JSON.readTree(accepted.body());
        assertThat(body.path("status").asString()).isEqualTo("accepted");
        assertThat(body.path("event_id").asString()).isNotBlank();
        List<JsonNode> signals = await().atMost(Duration.ofSeconds(30))
                .until(() -> client.signals(tenant), list -> list.size() == 1);
        JsonNode signal = signals.get(0);
        assertThat(signal.path("provider").asString()).isEqualTo("github");
        assertThat(signal.path("kind").asString()).isEqualTo("issue_created");
        assertThat(signal.path("title").asString()).isEqualTo("Found a bug");
        assertThat(signal.path("actor").asString()).isEqualTo("octocat");
        assertThat(signal.path("url").asString()).isEqualTo("https://github.com/octocat/Hello-World/issues/1347");
        assertThat(Instant.parse(signal.path("occurred_at").asString())).isEqualTo(createdAt);
        assertThat(signal.path("connection_id").asString()).isEqualTo(client.connection(tenant, Provider.GITHUB));
    }

    @Test
    void aDeliveryOfARepositoryTheTenantsConnectionDoesNotCoverAnswers401AndBecomesNoSignal() {
        UUID tenant = client.connectedTenant(Provider.GITHUB);
        String body = DemoRequests.issueOpenedPayload(Instant.now()).replace("1296269", "77");

        HttpResponse<String> refused = client.postGithubWebhook(tenant, "issues", UUID.randomUUID().toString(), body,
                GitHubWebhooks.signature(stack.settings().githubSecret(), body.getBytes(StandardCharsets.UTF_8)));
        HttpResponse<String> marker = client.postSignedIssue(tenant, UUID.randomUUID().toString(), Instant.now());

        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(marker.statusCode()).isEqualTo(202);
        assertThat(await().atMost(Duration.ofSeconds(30)).until(() -> client.signals(tenant), list -> !list.isEmpty()))
                .hasSize(1);
    }

    @Test
    void nulCharacterInASignedWebhookBecomesAReplacementCharacterInTheSignalAndItsPayload() {
        UUID tenant = client.connectedTenant(Provider.GITHUB);
        // Valid JSON a user can cause by pasting text; PostgreSQL cannot store the NUL it escapes.
        String body = DemoRequests.issueOpenedPayload(Instant.now()).replace("\"Found a bug\"",
                "\"Found a \\u0000 bug\"");

        HttpResponse<String> accepted = client.postGithubWebhook(tenant, "issues", UUID.randomUUID().toString(), body,
                GitHubWebhooks.signature(stack.settings().githubSecret(), body.getBytes(StandardCharsets.UTF_8)));

        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        JsonNode signal = await().atMost(Duration.ofSeconds(30))
                .until(() -> client.signals(tenant, "include_payload=true"), list -> list.size() == 1).get(0);
        assertThat(signal.path("kind").asString()).isEqualTo("issue_created");
        assertThat(signal.path("title").asString()).isEqualTo("Found a \uFFFD bug");
        assertThat(signal.path("payload").path("issue").path("title").asString()).isEqualTo("Found a \uFFFD bug");
    }

    @Test
    void sameDeliveryPostedTwiceStoresOneSignal() {
        UUID tenant = client.connectedTenant(Provider.GITHUB);
        String delivery = UUID.randomUUID().toString();
        Instant createdAt = Instant.now().minusSeconds(60);

        HttpResponse<String> first = client.postSignedIssue(tenant, delivery, createdAt);
        HttpResponse<String> again = client.postSignedIssue(tenant, delivery, createdAt);
        // A later delivery for the same tenant lands on the same partition after both copies, so once it is
        // visible the duplicate has certainly been processed too.
        client.postSignedIssue(tenant, UUID.randomUUID().toString(), Instant.now());

        assertThat(first.statusCode()).isEqualTo(202);
        assertThat(again.statusCode()).isEqualTo(202);
        assertThat(PipelineClient.JSON.readTree(again.body()).path("event_id"))
                .isEqualTo(PipelineClient.JSON.readTree(first.body()).path("event_id"));
        await().atMost(Duration.ofSeconds(30)).until(() -> client.signals(tenant).size() >= 2);
        assertThat(client.signals(tenant)).hasSize(2);
    }

    @Test
    void badSignatureAnswers401AndPublishesNothing() {
        UUID tenant = client.connectedTenant(Provider.GITHUB);
        String body = DemoRequests.issueOpenedPayload(Instant.now());

        HttpResponse<String> refused = client.postGithubWebhook(tenant, "issues", UUID.randomUUID().toString(), body,
                GitHubWebhooks.signature("not-the-secret", body.getBytes(StandardCharsets.UTF_8)));
        HttpResponse<String> unsigned = client.postGithubWebhook(tenant, "issues", UUID.randomUUID().toString(), body,
                null);
        HttpResponse<String> marker = client.postSignedIssue(tenant, UUID.randomUUID().toString(), Instant.now());

        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(refused.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(PipelineClient.JSON.readTree(refused.body()).path("code").asString()).isEqualTo("INVALID_SIGNATURE");
        assertThat(unsigned.statusCode()).isEqualTo(401);
        String markerEventId = PipelineClient.JSON.readTree(marker.body()).path("event_id").asString();
        var records = await().atMost(Duration.ofSeconds(30)).until(
                () -> client.recordsFor(Topics.RAW_EVENTS.name(), tenant, Duration.ofSeconds(5)),
                found -> !found.isEmpty());
        assertThat(records).hasSize(1);
        assertThat(new String(records.get(0).value(), StandardCharsets.ISO_8859_1)).contains(markerEventId);
    }

    @Test
    void unparseableRawEventGoesToTheDeadLetterTopicAndTheNextEventIsStillProcessed() throws Exception {
        UUID tenant = client.connectedTenant(Provider.GITHUB);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrapServers()),
                new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(Topics.RAW_EVENTS.name(), tenant.toString(),
                    "{\"not\":\"avro\"}".getBytes(StandardCharsets.UTF_8))).get();
        }

        HttpResponse<String> next = client.postSignedIssue(tenant, UUID.randomUUID().toString(), Instant.now());

        assertThat(next.statusCode()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(30)).until(() -> client.signals(tenant).size() == 1);
        var dead = await().atMost(Duration.ofSeconds(30)).until(
                () -> client.recordsFor(Topics.RAW_EVENTS_DLT.name(), tenant, Duration.ofSeconds(5)),
                found -> !found.isEmpty());
        assertThat(new String(dead.get(0).value(), StandardCharsets.UTF_8)).isEqualTo("{\"not\":\"avro\"}");
        assertThat(dead.get(0).headers().lastHeader("kafka_dlt-exception-message")).isNotNull();
        assertThat(new String(dead.get(0).headers().lastHeader("kafka_dlt-exception-message").value(),
                StandardCharsets.UTF_8)).containsIgnoringCase("magic byte");
    }
}
